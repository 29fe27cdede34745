"""Who may reach which page of logged help and its figures: every route of the assistance and
reports blueprints, for every role, with organisation A's records in the URL."""

from datetime import date

import pytest
from flask import url_for

from partnernet.models import Role
from tests import factories
from tests.html import fresh
from tests.support import signing_in
from tests.support.assistance_world import log

ANONYMOUS = "anonymous"
EVERYONE = {ANONYMOUS, Role.VOLUNTEER, Role.COORDINATOR, Role.STAFF, Role.ADMIN}
STAFF = {Role.STAFF, Role.ADMIN}
LOGGERS = {Role.VOLUNTEER, Role.COORDINATOR}
ACCESS = {
    "assistance.new_log": LOGGERS,
    "assistance.own_logs": LOGGERS,
    "assistance.edit_log": LOGGERS,
    "assistance.organisation_logs": {Role.COORDINATOR},
    "assistance.export_organisation_logs": {Role.COORDINATOR},
    "assistance.all_logs": STAFF,
    "assistance.export_all_logs": STAFF,
    "assistance.follow_ups": STAFF,
    "assistance.follow_up_handled": STAFF,
    "assistance.municipal_services": STAFF,
    "assistance.edit_municipal_service": STAFF,
    "assistance.set_municipal_service_active": STAFF,
    "reports.organisation_figures": {Role.COORDINATOR},
    "reports.staff_figures": STAFF,
    "reports.service_figures": STAFF,
    "reports.feedback_figures": STAFF,
    "reports.referral_figures_page": STAFF,
    "reports.search_figures_page": STAFF,
    "reports.council_report_page": STAFF,
    "reports.council_report_csv": STAFF,
    "reports.council_report_pdf": STAFF,
    "reports.public_figures_page": EVERYONE,
    "reports.public_figures_csv": EVERYONE,
}


def routes(app, record_ids: dict):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("assistance", "reports"):
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: record_ids[name] for name in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, url, method


@pytest.fixture
def record_ids(world):
    follow_up = log(world.a, on=date(2026, 3, 2), outcome="municipal_follow_up", note="Bellen")
    return {"log_id": follow_up.id, "service_id": world.service.id}


def test_every_route_has_an_expected_access_rule(app, record_ids):
    assert {rule.endpoint for rule, _url, _method in routes(app, record_ids)} == set(ACCESS)


@pytest.mark.parametrize("who", [ANONYMOUS, Role.VOLUNTEER, Role.COORDINATOR, Role.STAFF,
                                 Role.ADMIN])
def test_each_role_gets_exactly_what_it_may(app, world, record_ids, who):
    people = {Role.VOLUNTEER: world.a.volunteer, Role.COORDINATOR: world.a.coordinator,
              Role.STAFF: world.staff, Role.ADMIN: factories.create_user(role=Role.ADMIN)}
    client = app.test_client()
    if who != ANONYMOUS:
        signing_in.sign_in(client, people[who])
    for rule, url, method in routes(app, record_ids):
        response = client.open(url, method=method, data=fresh({"switch_to": "off"}))
        where = f"{method} {url} as {who}"
        if ACCESS[rule.endpoint] == EVERYONE:
            assert response.status_code == 200, where
        elif who == ANONYMOUS:
            assert response.status_code == 302 and "/login" in response.location, where
        elif who not in ACCESS[rule.endpoint]:
            assert response.status_code == 403, where
        else:
            assert response.status_code in {200, 302, 400, 404}, where


def test_another_organisations_coordinator_never_sees_a_log(client, auth, world):
    log(world.a, on=date(2026, 3, 2), note="Alleen voor Bibliotheek A")
    auth.login(user=world.b.coordinator)
    period = {"start": "2026-03-01", "end": "2026-03-31"}
    for url in ("/partner/assistance", "/partner/assistance/export.csv", "/partner/figures"):
        body = client.get(url, query_string=period).get_data(as_text=True)
        assert "Bieb Noord" not in body and "Alleen voor Bibliotheek A" not in body, url
    assert client.get("/partner/assistance", query_string={
        **period, "support_point": world.a.points[0].id}).status_code == 200
