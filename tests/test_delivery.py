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


def test_static_files_are_compressed_at_the_highest_level(client):
    """Compressed once per file version and kept: a resident's phone gets the smallest file."""
    url = "/static/vendor/leaflet/leaflet.js"
    plain = client.get(url).get_data()
    smallest = len(brotli.compress(plain, quality=11))
    for _ in range(2):  # the second answer comes from the kept copy
        response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.get_data()) == plain
        assert len(response.get_data()) <= smallest + 16
        assert int(response.headers["Content-Length"]) == len(response.get_data())
    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert len(gzipped.get_data()) <= len(gzip.compress(plain, compresslevel=9)) + 16


def test_a_compressed_static_file_is_revalidated_by_its_own_etag(client):
    url = "/static/css/app.css"  # a plain name: the browser asks again each time
    first = client.get(url, headers={"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    assert etag != client.get(url).headers["ETag"]  # each encoding has its own tag
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_a_range_of_a_static_file_is_sent_as_it_is(client):
    response = client.get("/static/css/app.css",
                          headers={"Accept-Encoding": "br", "Range": "bytes=0-9"})
    assert response.status_code == 206 and "Content-Encoding" not in response.headers
    assert len(response.get_data()) == 10


def test_static_files_carry_only_the_headers_a_file_needs(client, auth):
    """Every static request pays for its headers: no page-only policies, no session."""
    auth.login(as_=Role.STAFF)
    response = client.get(stylesheet_url(client), headers={"Accept-Encoding": "br"})
    csp = response.headers["Content-Security-Policy"]
    assert "nonce" not in csp and "default-src 'self'" in csp
    for page_only in ("Permissions-Policy", "Cross-Origin-Opener-Policy", "Expires",
                      "Content-Disposition", "Set-Cookie"):
        assert page_only not in response.headers, page_only
    assert response.headers["Vary"] == "Accept-Encoding"
    assert sum(len(k) + len(v) + 4 for k, v in response.headers.items()) < 600


def test_a_file_kept_for_a_year_carries_no_revalidation_headers(client):
    response = client.get(stylesheet_url(client), headers={"Accept-Encoding": "br"})
    assert "ETag" not in response.headers and "Last-Modified" not in response.headers
