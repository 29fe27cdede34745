"""Light pages: static files under content-hashed names cached for a year, and responses
compressed where that is safe (criterion 7 of issue 16)."""

import gzip
import re

import brotli
import pytest

from partnernet.models import Role
from tests.html import parse

HASHED_CSS = re.compile(r"^/static/css/app\.[0-9a-f]{12}\.css$")


def without_nonce(body: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"', b"", body)


def stylesheet_url(client, path="/") -> str:
    links = [link["href"] for link in parse(client.get(path)).select("link[rel=stylesheet]")]
    return next(href for href in links if "/css/app." in href)


def test_static_files_have_hashed_names_and_are_cached_for_a_year(client):
    url = stylesheet_url(client)
    assert HASHED_CSS.match(url), url
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert {"public", "immutable", "max-age=31536000"} <= set(
        part.strip() for part in response.headers["Cache-Control"].split(","))


def test_an_old_or_plain_name_is_served_but_asked_for_again(client):
    for url in ("/static/css/app.000000000000.css", "/static/css/app.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" not in response.headers.get("Cache-Control", ""), url
    assert client.get("/static/css/nothing.0123456789ab.css").status_code == 404


def test_the_hash_follows_the_content(app, tmp_path):
    from partnernet.delivery import StaticDigests

    (tmp_path / "a.css").write_text("a{}")
    digests = StaticDigests(str(tmp_path))
    first = digests.hashed_name("a.css")
    (tmp_path / "a.css").write_text("a{color:red}")
    assert digests.hashed_name("a.css") != first
    assert digests.hashed_name("missing.css") == "missing.css"


@pytest.mark.parametrize(("accepted", "encoding", "decode"), [
    ("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress),
])
def test_pages_and_static_files_are_compressed(client, accepted, encoding, decode):
    for url in ("/?lang=en", stylesheet_url(client), "/static/geo/boundaries_groningen.geojson"):
        plain = client.get(url).get_data()
        response = client.get(url, headers={"Accept-Encoding": accepted})
        assert response.headers.get("Content-Encoding") == encoding, url
        assert "Accept-Encoding" in response.headers["Vary"]
        assert without_nonce(decode(response.get_data())) == without_nonce(plain), url
        assert len(response.get_data()) < len(plain) / 2, url


def test_the_boundaries_are_geojson(client):
    response = client.get("/static/geo/boundaries_groningen.geojson")
    assert response.mimetype == "application/geo+json"


def test_pages_of_signed_in_users_are_not_compressed(client, auth):
    """They hold CSRF tokens and personal data next to reflected text: no BREACH."""
    auth.login(as_=Role.STAFF)
    response = client.get("/staff/referrals", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    static = client.get(stylesheet_url(client), headers={"Accept-Encoding": "gzip"})
    assert static.headers["Content-Encoding"] == "gzip"


@pytest.mark.app_config(COMPRESS=False)
def test_compression_can_be_left_to_the_proxy(client):
    response = client.get("/?lang=en", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers
