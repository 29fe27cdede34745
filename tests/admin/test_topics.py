"""An administrator adds, renames and retires topics; a retired topic is offered for nothing
new, and what was recorded keeps it."""

from sqlalchemy import func, select

from partnernet.models import AuditEvent, Topic
from tests import factories
from tests.html import error_summary, fresh, parse


def topic_choices(client, url: str, field: str) -> list[str]:
    page = parse(client.get(url))
    return [option["value"] for option in page.select(f"select[name={field}] option")]


def test_a_topic_is_added_with_a_stable_code(client, auth, db):
    auth.login(as_="admin")
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    once = fresh({"name_nl": "Energietoeslag", "name_en": "Energy allowance"})
    assert client.post("/admin/topics", data=once).status_code == 302
    assert client.post("/admin/topics", data=once).status_code == 302  # a double click
    assert db.session.scalar(select(func.count()).select_from(Topic).where(
        Topic.name_nl == "Energietoeslag")) == 1
    added = db.session.scalar(select(Topic).where(Topic.name_nl == "Energietoeslag"))
    assert added.code == "energy_allowance" and added.active
    client.post("/admin/topics", data=fresh({"name_nl": "Energietoeslag 2",
                                             "name_en": "Energy allowance"}))
    assert db.session.scalar(select(Topic.code).where(Topic.name_nl == "Energietoeslag 2")) \
        == "energy_allowance_2"
    assert "energy_allowance" in topic_choices(client, "/", "topic")


def test_a_missing_name_is_named(client, auth):
    auth.login(as_="admin")
    response = client.post("/admin/topics", data=fresh({"name_nl": "Iets", "name_en": ""}))
    assert response.status_code == 400 and error_summary(response)


def test_renaming_shows_everywhere(client, auth, db):
    auth.login(as_="admin")
    topic = factories.create_topic(code="letters", name_nl="Brieven", name_en="Letters")
    client.post(f"/admin/topics/{topic.id}", data={"name_nl": "Post en brieven",
                                                   "name_en": "Mail and letters"})
    page = parse(client.get("/"))
    assert "Post en brieven" in page.select_one("select[name=topic]").get_text()
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == \
        "topic_update"


def test_a_retired_topic_is_offered_for_nothing_new_but_records_keep_it(client, auth, db):
    auth.login(as_="admin")
    topic = factories.create_topic(code="old", name_nl="Oud", name_en="Old")
    point = factories.create_offered_point()
    point.offers[0].topics = [topic]
    db.session.commit()
    client.post(f"/admin/topics/{topic.id}/active", data={"switch_to": "off"})
    db.session.expire_all()
    assert not db.session.get(Topic, topic.id).active
    assert "old" not in topic_choices(client, "/", "topic")
    assert [t.code for t in db.session.get(type(point), point.id).offers[0].topics] == ["old"]
    assert "old" in topic_choices(client, "/staff/assistance", "topic")  # filters over the past
    client.post(f"/admin/topics/{topic.id}/active", data={"switch_to": "on"})
    assert "old" in topic_choices(client, "/", "topic")
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"topic_retire", "topic_reactivate"} <= actions
