"""The administrators' import page: upload, a dry run record by record, a decision per likely
duplicate, the import with its progress, and staff approving the imported organisations at
once (without inviting anybody)."""

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from partnernet.models import ImportFile, Offer, Organisation, OutboxMessage
from tests import factories
from tests.fuzz.test_no_server_errors import FUZZ_EXAMPLES, TRICKY, fuzz_settings
from tests.html import error_summary, parse

EXAMPLE = Path(__file__).parents[2] / "partnernet" / "data" / "import-example.csv"
# Each generated file is read and checked against the database: 200 are plenty.
import_fuzz = settings(fuzz_settings, max_examples=min(FUZZ_EXAMPLES, 200))


def with_topics() -> None:
    for code in ("municipal_forms", "reading_writing", "digid"):
        factories.create_topic(code=code)


def upload(client, content: bytes, name: str = "aanbod.csv"):
    return client.post("/admin/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_only_administrators_import(client, auth, db):
    for role in ("staff", "coordinator"):
        auth.login(as_=role)
        assert client.get("/admin/import").status_code == 403
        assert upload(client, EXAMPLE.read_bytes()).status_code == 403
        auth.logout()
    assert count(db, ImportFile) == 0


def test_upload_shows_the_dry_run_then_imports_with_progress(client, auth, db):
    with_topics()
    auth.login(as_="admin")
    response = upload(client, EXAMPLE.read_bytes())
    assert response.status_code == 302
    plan_url = response.headers["Location"]
    page = parse(client.get(plan_url))
    assert "Er is nog niets geïmporteerd" in page.get_text()
    new_column = [cell.get_text() for cell in page.select("table tbody tr td:nth-of-type(1)")]
    assert new_column == ["1", "1", "3"], "organisations, places, offers: new"
    assert count(db, Organisation) == 0, "a dry run writes nothing"

    response = client.post(plan_url, data={})
    text = response.get_data(as_text=True)  # streamed: the progress, then the end
    assert response.status_code == 200
    assert "5 van 5 records" in text and "alles is geïmporteerd" in text
    assert count(db, Offer) == 3
    assert db.session.scalar(select(Organisation.status)) == "pending"

    again = parse(client.get(plan_url)).get_text()
    assert "Dit bestand is geïmporteerd op" in again
    once = client.post(plan_url, data={})
    assert once.status_code == 400, "a file is imported once"
    assert "Dit bestand is al geïmporteerd." in once.get_data(as_text=True)
    assert count(db, Offer) == 3


def test_a_file_that_cannot_be_read_is_not_kept(client, auth, db):
    auth.login(as_="admin")
    response = upload(client, b"{not json", "kapot.json")
    assert response.status_code == 400
    assert any("geen geldige JSON" in problem for problem in error_summary(response))
    response = client.post("/admin/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_summary(response) == ["Kies het bestand dat u wilt importeren."]
    assert count(db, ImportFile) == 0


def test_a_file_of_50_mb_is_refused_with_a_reason(client, auth, db):
    auth.login(as_="admin")
    response = upload(client, b"x" * (50 * 1024 * 1024), "groot.csv")
    assert response.status_code == 413
    assert "hoogstens 20 MB" in parse(response).get_text(), "the body is not even read"
    response = upload(client, b"x" * (21 * 1024 * 1024), "groot.csv")
    assert response.status_code == 400
    assert any("groter dan 20 MB" in problem for problem in error_summary(response))
    assert count(db, ImportFile) == 0


def test_errors_are_listed_by_row_and_field_and_block_the_import(client, auth, db):
    with_topics()
    auth.login(as_="admin")
    wrong = EXAMPLE.read_text().replace("9712 KN", "97")
    plan_url = upload(client, wrong.encode()).headers["Location"]
    page = parse(client.get(plan_url))
    rows = [[cell.get_text() for cell in row.select("td")]
            for row in page.select("#errors ~ div table tbody tr")]
    assert ["import-example.csv:2", "postcode", "Een Nederlandse postcode, zoals 9712 KN."] \
        in [[row[0].replace("aanbod.csv", "import-example.csv"), *row[1:]] for row in rows]
    assert not page.select("main form button[type=submit]"), "no import while there are errors"
    assert client.post(plan_url, data={}).status_code == 400
    assert count(db, Organisation) == 0


def test_each_likely_duplicate_gets_a_decision(client, auth, db):
    with_topics()
    ours = factories.create_organisation(name="Stichting Voorbeeldhulp")
    auth.login(as_="admin")
    plan_url = upload(client, EXAMPLE.read_bytes()).headers["Location"]
    page = parse(client.get(plan_url))
    (choice,) = {radio["name"] for radio in page.select("input[type=radio]")}
    assert "lijkt op “Stichting Voorbeeldhulp”" in page.get_text()
    response = client.post(plan_url, data={})
    assert response.status_code == 400 and "Kies eerst" in response.get_data(as_text=True)
    assert count(db, Offer) == 0

    response = client.post(plan_url, data={choice: "merge"})
    assert response.status_code == 200 and "alles is geïmporteerd" in response.get_data(
        as_text=True)
    assert count(db, Organisation) == 1
    assert {offer.organisation_id for offer in db.session.scalars(select(Offer))} == {ours.id}


def test_staff_approve_the_imported_organisations_at_once_without_inviting(client, auth, db):
    with_topics()
    auth.login(as_="admin")
    client.post(upload(client, EXAMPLE.read_bytes()).headers["Location"], data={}).get_data()
    registered = factories.create_organisation(name="Zelf aangemeld", status="pending",
                                               email="aanmelder@example.org")
    auth.logout()
    auth.login(as_="staff")
    page = parse(client.get("/staff/registrations"))
    assert "1 organisaties (hieronder), en 0 plekken en 0 aanbiedingen" in page.get_text()
    response = client.post("/staff/registrations/approve-imported", follow_redirects=True)
    assert "Goedgekeurd: 1 organisaties, 0 plekken en 0 aanbiedingen" in \
        response.get_data(as_text=True)
    statuses = dict(db.session.execute(select(Organisation.name, Organisation.status)).all())
    assert statuses == {"Stichting Voorbeeldhulp": "approved", "Zelf aangemeld": "pending"}
    assert registered.status == "pending"
    assert count(db, OutboxMessage) == 0, "nobody at an imported organisation is invited"
    assert client.get("/api/v1/services").json["total_items"] == 3


def test_what_is_imported_into_an_approved_organisation_waits_for_approval(client, auth, db):
    with_topics()
    ours = factories.create_organisation(name="Stichting Voorbeeldhulp")
    existing = factories.create_offer(organisation=ours, title="Al bekend")
    auth.login(as_="admin")
    plan_url = upload(client, EXAMPLE.read_bytes()).headers["Location"]
    (choice,) = {radio["name"] for radio in parse(client.get(plan_url)).select(
        "input[type=radio]")}
    client.post(plan_url, data={choice: "merge"}).get_data()
    shown = client.get("/api/v1/services").json["contents"]
    assert [item["name"] for item in shown] == [existing.title], "the new ones wait"
    overview = parse(client.get(f"/staff/organisations/{ours.id}")).get_text()
    assert overview.count("Nog niet: geïmporteerd, wacht op goedkeuring") == 4
    auth.logout()
    auth.login(as_="staff")
    page = parse(client.get("/staff/registrations")).get_text()
    assert "0 organisaties (hieronder), en 1 plekken en 3 aanbiedingen" in page
    client.post("/staff/registrations/approve-imported")
    assert client.get("/api/v1/services").json["total_items"] == 4
    assert "Keur alles goed" not in parse(client.get("/staff/registrations")).get_text()


def test_approving_one_imported_organisation_invites_nobody(client, auth, db):
    imported = factories.create_organisation(name="Geïmporteerd", status="pending",
                                             email="info@example.org")
    imported.imported_at = imported.created_at
    db.session.commit()
    auth.login(as_="staff")
    response = client.post(f"/staff/registrations/{imported.id}/approve",
                           follow_redirects=True)
    assert "niemand uitgenodigd" in response.get_data(as_text=True)
    assert count(db, OutboxMessage) == 0


@import_fuzz
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                         st.sampled_from([EXAMPLE.read_bytes(), b"PK\x03\x04", b"[{}]"])),
       name=st.one_of(st.sampled_from(TRICKY), st.text(max_size=40)))
def test_no_upload_answers_500(client, auth, db, content, name):
    auth.login(as_="admin")
    response = client.post("/admin/import", data={"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    assert response.status_code in (302, 400)


@import_fuzz
@given(fields=st.dictionaries(st.one_of(st.sampled_from(["decide-organisation-x", "csrf_token"]),
                                        st.text(max_size=30).map("decide-{}".format)),
                              st.one_of(st.sampled_from(TRICKY), st.text(max_size=30)),
                              max_size=4))
def test_no_decision_answers_500(client, auth, db, fields):
    auth.login(as_="admin")
    kept = ImportFile(name="aanbod.csv", content=EXAMPLE.read_bytes())
    db.session.add(kept)
    db.session.commit()
    response = client.post(f"/admin/import/{kept.public_id}", data=fields)
    response.get_data()
    assert response.status_code in (200, 400)
