import pytest

from partnernet import create_app
from tests.conftest import app_settings
from tests.html import heading, parse


def test_healthz_says_ok_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_says_503_without_the_database(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite3'}"
    app = create_app(app_settings(unreachable))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_dutch_is_the_default(client):
    response = client.get("/")
    assert parse(response).html["lang"] == "nl"
    assert heading(response) == "Hulp bij u in de buurt"


def test_the_browser_language_is_followed(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert parse(response).html["lang"] == "en"
    assert heading(response) == "Find help near you"


def test_a_chosen_language_is_remembered(client):
    client.get("/?lang=en")
    assert heading(client.get("/about")) == "About partnernet"
    client.get("/about?lang=nl")
    assert heading(client.get("/")) == "Hulp bij u in de buurt"


def test_an_unknown_language_is_ignored(client):
    assert heading(client.get("/?lang=xx")) == "Hulp bij u in de buurt"


def test_language_switch_keeps_the_page_and_its_known_query(client):
    links = parse(client.get("/search?where=Haren&x=1")).select("a[hreflang]")
    assert {link["hreflang"]: link["href"] for link in links} == {
        "nl": "/search?where=Haren&lang=nl", "en": "/search?where=Haren&lang=en"}


@pytest.mark.parametrize("url", ["/", "/about", "/login", "/signed-out", "/no-such-page"])
def test_every_page_has_title_skip_link_and_landmarks(client, url):
    page = parse(client.get(url))
    assert page.title.get_text().strip().endswith("– partnernet")
    skip = page.select_one("a.utrecht-skip-link")
    assert skip["href"] == "#main" and page.select_one("main#main")
    for landmark in ("header", "nav", "main", "footer"):
        assert page.find(landmark), landmark
    assert len(page.find_all("h1")) == 1


@pytest.mark.parametrize(("lang", "title"), [("nl", "Pagina niet gevonden"),
                                             ("en", "Page not found")])
def test_404_in_both_languages(client, lang, title):
    response = client.get(f"/no-such-page?lang={lang}")
    assert response.status_code == 404 and heading(response) == title


def test_about_page_credits_the_data_sources(client):
    text = parse(client.get("/about")).get_text(" ")
    for credit in ("GeoNames", "CC BY 4.0", "Bron: CBS", "Open Referral", "CC BY-SA 4.0"):
        assert credit in text


def test_form_fields_point_to_their_hint_and_error(client):
    clean = parse(client.get("/login")).select_one("#email")
    assert not clean.has_attr("aria-describedby") and not clean.has_attr("aria-invalid")
    failed = parse(client.post("/login", data={"email": "", "password": ""})).select_one("#email")
    assert failed["aria-invalid"] == "true" and failed["aria-describedby"] == "email-error"
