"""The authorization walk of app.url_map over every /admin/ route: administrators only, for
every method each route takes."""

import uuid

import pytest
from flask import url_for

from partnernet.extensions import db as _db
from partnernet.models import ImportFile
from tests import factories
from tests.support import signing_in

ANONYMOUS = "anonymous"
SOME_FILE = uuid.UUID(int=1)


def admin_routes(app, user_id: int, organisation_id: int = 1, topic_id: int = 1,
                 file_id: uuid.UUID = SOME_FILE):
    ids = {"user_id": user_id, "organisation_id": organisation_id, "topic_id": topic_id,
           "file_id": file_id}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield url, method


def test_the_walk_finds_every_administration_page(app):
    found = {url.split("/")[2] for url, _method in admin_routes(app, 1)}
    assert {"", "users", "settings", "audit", "audit.csv", "organisations", "topics",
            "import"} <= found


@pytest.mark.parametrize("who", [ANONYMOUS, "volunteer", "coordinator", "staff", "admin"])
def test_only_administrators_reach_administration(app, db, who):
    other = factories.create_user(role="staff")
    organisation = factories.create_organisation()
    topic = factories.create_topic(code="walk", name_nl="Wandelen", name_en="Walking")
    kept = ImportFile(name="aanbod.csv", content=b"organisatie;aanbod\nWandelclub;Wandelen\n")
    _db.session.add(kept)
    _db.session.commit()
    client = app.test_client()
    if who != ANONYMOUS:
        signing_in.sign_in(client, factories.create_user(role=who))
    for url, method in admin_routes(app, other.id, organisation.id, topic.id, kept.public_id):
        response = client.open(url, method=method, data={"switch_to": "off", "role": "admin"})
        where = f"{method} {url} as {who}"
        if who == ANONYMOUS:
            assert response.status_code == 302 and "/login" in response.location, where
        elif who != "admin":
            assert response.status_code == 403, where
        else:
            assert response.status_code in {200, 302, 400}, where
