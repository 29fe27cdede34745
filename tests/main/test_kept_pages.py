"""The home page is rendered once and served again to every visitor without an account, while
what it shows stays the same (partnernet/page_cache.py)."""

import re
from datetime import timedelta

from flask import template_rendered
from freezegun import freeze_time
from sqlalchemy import event, text

from partnernet.extensions import db
from partnernet.models import Setting
from partnernet.page_cache import KEEP_SECONDS
from tests import factories
from tests.html import parse


def rendered_pages(app, client, url: str, times: int = 1) -> tuple[list, list]:
    """The templates rendered while `client` got `url` `times` times, and the responses."""
    rendered = []

    def record(_app, template, context, **_extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        responses = [client.get(url) for _ in range(times)]
    finally:
        template_rendered.disconnect(record, app)
    return [name for name in rendered if name == "main/index.html"], responses


def nonces(response) -> tuple[str, set[str]]:
    """The nonce of the response's policy, and those of the page's scripts and styles."""
    header = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    return header, {tag["nonce"] for tag in parse(response).select("[nonce]")}


def test_the_home_page_is_rendered_once_for_every_visitor(app, client):
    renders, responses = rendered_pages(app, client, "/", times=3)
    assert len(renders) == 1
    assert len({response.get_data() for response in responses}) == 3  # the nonces differ


def test_a_kept_page_asks_the_database_nothing(app, client):
    client.get("/")
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert statements == []


def test_each_response_has_its_own_nonce_in_page_and_policy(client):
    seen = set()
    for _ in range(3):
        header, in_page = nonces(client.get("/"))
        assert in_page == {header}
        seen.add(header)
    assert len(seen) == 3


def test_each_language_has_its_own_page(client):
    assert parse(client.get("/")).html["lang"] == "nl"
    assert parse(client.get("/", headers={"Accept-Language": "en"})).html["lang"] == "en"
    assert parse(client.get("/")).html["lang"] == "nl"


def test_a_new_or_renamed_topic_shows_at_once(client):
    client.get("/")
    topic = factories.create_topic(name_nl="Huurtoeslag aanvragen")
    assert "Huurtoeslag aanvragen" in client.get("/").get_data(as_text=True)
    topic.name_nl = "Toeslagen"
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Toeslagen" in page and "Huurtoeslag aanvragen" not in page


def test_a_changed_setting_shows_at_once(client):
    client.get("/")
    db.session.add(Setting(key="municipality_phone", value="050 999 0000"))
    db.session.commit()
    assert "050 999 0000" in client.get("/").get_data(as_text=True)


def test_topics_retired_in_this_worker_go_at_once(client, auth):
    topic = factories.create_topic(name_nl="Huurtoeslag aanvragen")
    assert "Huurtoeslag aanvragen" in client.get("/").get_data(as_text=True)
    auth.login(as_="admin")
    client.post(f"/admin/topics/{topic.id}/active", data={"switch_to": "off"})
    client.post("/logout")
    assert "Huurtoeslag aanvragen" not in client.get("/").get_data(as_text=True)


def test_a_change_made_in_another_worker_shows_when_the_kept_page_expires(client):
    factories.create_topic(name_nl="Huurtoeslag aanvragen")
    with freeze_time("2026-12-03 10:00:00") as clock:
        client.get("/")
        # As another worker would: a change this worker's session never saw.
        db.session.execute(text("UPDATE topics SET name_nl = 'Toeslagen' "
                                "WHERE name_nl = 'Huurtoeslag aanvragen'"))
        db.session.commit()
        clock.tick(timedelta(seconds=KEEP_SECONDS - 1))
        assert "Huurtoeslag aanvragen" in client.get("/").get_data(as_text=True)
        clock.tick(timedelta(seconds=2))
        assert "Toeslagen" in client.get("/").get_data(as_text=True)


def test_a_signed_in_user_gets_a_page_of_their_own(app, client, auth):
    client.get("/")
    auth.login(as_="coordinator")
    page = parse(client.get("/"))
    assert page.select_one("form[action='/logout']") is not None
    anonymous = parse(app.test_client().get("/"))
    assert anonymous.select_one("form[action='/logout']") is None


def test_a_waiting_message_is_shown_and_not_kept(app, client):
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Uw wachtwoord is opgeslagen.")]
    assert "Uw wachtwoord is opgeslagen." in client.get("/").get_data(as_text=True)
    assert "Uw wachtwoord is opgeslagen." not in client.get("/").get_data(as_text=True)
    assert "Uw wachtwoord is opgeslagen." not in app.test_client().get("/").get_data(
        as_text=True)
