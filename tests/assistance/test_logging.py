"""Volunteers log help in one screen, without personal data, and correct their own logs for
14 days."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from partnernet.clock import local_today, utcnow
from partnernet.models import AssistanceLog, Role, Topic
from partnernet.seed import load_municipal_services
from tests import factories
from tests.html import error_summary, fresh, parse


@pytest.fixture
def volunteer(db):
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    load_municipal_services()
    user = factories.create_user(role=Role.VOLUNTEER)
    factories.create_support_point(organisation=user.organisation, name="Bieb Noord")
    factories.create_support_point(organisation=user.organisation, name="Bieb Zuid")
    db.session.commit()
    return user


def point_named(db, name):
    from partnernet.models import SupportPoint
    return db.session.scalar(select(SupportPoint).where(SupportPoint.name == name))


TOMORROW = "tomorrow"  # in Groningen, read when the test runs: a run can cross midnight


def log_data(db, **changes):
    return fresh({"given_on": local_today().isoformat(),
                  "support_point": point_named(db, "Bieb Zuid").id, "topics": ["digid"],
                  "minutes": "45", "channel": "walk_in", "outcome": "solved",
                  "municipal_service": "0", "postcode_area": "9711", "referral": "0",
                  "note": "", **changes})


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(AssistanceLog))


def test_a_volunteer_logs_help_and_logs_another_at_the_same_place(client, auth, db, volunteer):
    auth.login(user=volunteer)
    response = client.post("/log/new", data={**log_data(db, obstacles=["no_digid"]),
                                             "again": "1"})
    assert response.location == "/log/new"
    log = db.session.scalar(select(AssistanceLog))
    assert (log.minutes, log.postcode_area, log.obstacle_codes) == (45, "9711", ["no_digid"])
    assert (log.volunteer_id, log.organisation_id) == (volunteer.id, volunteer.organisation_id)
    page = parse(client.get("/log/new"))
    selected = page.select_one("#support_point option[selected]")
    assert selected.get_text() == "Bieb Zuid"


def test_free_entry_of_minutes(client, auth, db, volunteer):
    auth.login(user=volunteer)
    client.post("/log/new", data=log_data(db, minutes="other", other_minutes="90"))
    assert db.session.scalar(select(AssistanceLog.minutes)) == 90


@pytest.mark.parametrize(("changes", "error"), [
    ({"given_on": TOMORROW}, "The date cannot be in the future"),
    ({"minutes": "other", "other_minutes": "481"}, "Enter a number of minutes from 1 to 480"),
    ({"minutes": "other", "other_minutes": ""}, "Enter the number of minutes"),
    ({"note": "Bel haar op 06-12345678"},
     "Remove the phone number: a log holds no personal details"),
    ({"note": "BSN 111222333"},
     "Remove the citizen service number (BSN): a log holds no personal details"),
    ({"note": "jan@example.org"}, "Remove the e-mail address: a log holds no personal details"),
    ({"topics": []}, "Choose at least one topic"),
    ({"postcode_area": "97"}, "Enter 4 digits, like 9711"),
])
def test_bad_input_is_refused_and_nothing_is_saved(client, auth, db, volunteer, changes, error):
    if changes.get("given_on") == TOMORROW:
        changes = {"given_on": (local_today() + timedelta(days=1)).isoformat()}
    auth.login(user=volunteer)
    response = client.post("/log/new?lang=en", data=log_data(db, **changes))
    assert error in error_summary(response)
    assert count(db) == 0


def test_another_organisations_point_or_referral_cannot_be_chosen(client, auth, db, volunteer):
    stranger = factories.create_support_point(name="Elders")
    referral = factories.create_referral(state="accepted")
    auth.login(user=volunteer)
    for changes in ({"support_point": stranger.id}, {"referral": referral.id}):
        response = client.post("/log/new?lang=en", data=log_data(db, **changes))
        assert error_summary(response) == ["Choose one of the options in the list"]
    assert count(db) == 0


def test_a_double_click_logs_once(client, auth, db, volunteer):
    auth.login(user=volunteer)
    sent = log_data(db)
    client.post("/log/new", data=sent)
    client.post("/log/new", data=sent)
    assert count(db) == 1


def test_own_logs_can_be_corrected_for_14_days(client, auth, db, volunteer):
    auth.login(user=volunteer)
    client.post("/log/new", data=log_data(db))
    log = db.session.scalar(select(AssistanceLog))
    client.post(f"/log/{log.id}/edit", data=log_data(db, minutes="15"))
    db.session.expire_all()
    assert db.session.get(AssistanceLog, log.id).minutes == 15
    log.created_at = utcnow() - timedelta(days=15)
    db.session.commit()
    client.post(f"/log/{log.id}/edit", data=log_data(db, minutes="60"))
    db.session.expire_all()
    assert db.session.get(AssistanceLog, log.id).minutes == 15
    assert "Locked" in client.get("/log?lang=en").get_data(as_text=True)


def test_nobody_reaches_another_volunteers_log(client, auth, db, volunteer):
    colleague = factories.create_user(role=Role.VOLUNTEER, organisation=volunteer.organisation)
    auth.login(user=colleague)
    client.post("/log/new", data=log_data(db))
    log = db.session.scalar(select(AssistanceLog))
    auth.logout()
    auth.login(user=volunteer)
    assert client.get(f"/log/{log.id}/edit").status_code == 404
    assert client.post(f"/log/{log.id}/edit", data=log_data(db)).status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_do_not_log_help(client, auth, role):
    auth.login(as_=role)
    assert client.get("/log/new").status_code == 403


def test_the_topics_the_organisation_logs_most_come_first_and_the_rest_wait_behind_more(
        client, auth, db, volunteer):
    from partnernet.seed import load_topics
    load_topics()
    db.session.commit()
    auth.login(user=volunteer)
    for topics in (["housing"], ["housing", "eherkenning"], ["housing"], ["eherkenning"]):
        client.post("/log/new", data=log_data(db, topics=topics))
    page = parse(client.get("/log/new?lang=en"))
    fieldset = page.select_one("fieldset#topics")
    first = [box["value"] for box in fieldset.find_all("input", recursive=True)
             if not box.find_parent("details")]
    assert first[:2] == ["housing", "eherkenning"] and len(first) == 6
    more = fieldset.select_one("details.pn-more-options")
    assert more.summary.get_text(strip=True) == "More topics" and not more.has_attr("open")
    assert len(more.select("input")) == len(Topic.choices("en")) - 6
    # A ticked topic behind "more" is never hidden after a failed submit.
    response = client.post("/log/new?lang=en", data=log_data(db, topics=["other"], minutes=""))
    assert parse(response).select_one("fieldset#topics details.pn-more-options").has_attr("open")
