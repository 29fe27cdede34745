"""Importing a directory from a file: our own export reads back as it was, a dry run writes
nothing, importing twice changes nothing, likely duplicates wait for a decision, and bad input
gets its row, its field and a reason, never a half import."""

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from partnernet.api import imports
from partnernet.api.imports import Decision, Outcome
from partnernet.extensions import db
from partnernet.models import Offer, Organisation, OrganisationStatus, SupportPoint
from tests import factories
from tests.fuzz.test_no_server_errors import FUZZ_EXAMPLES, TRICKY, fuzz_settings

EXAMPLE = Path(__file__).parents[2] / "partnernet" / "data" / "import-example.csv"
# Each generated file is read and checked against the database: 200 are plenty.
import_fuzz = settings(fuzz_settings, max_examples=min(FUZZ_EXAMPLES, 200))


@pytest.fixture(autouse=True)
def in_dutch(app):
    """Reasons read in Dutch, as an administrator in the Netherlands runs the import."""
    with app.app_context(), force_locale("nl"):
        yield


def empty_directory() -> None:
    """Every organisation goes, with all that is theirs (topics stay)."""
    for table in ("offer_topics", "offer_support_points", "offer_languages", "opening_periods",
                  "closures", "offers", "support_points", "organisations"):
        db.session.execute(db.metadata.tables[table].delete())
    db.session.commit()


def export(client, **headers) -> bytes:
    response = client.get("/api/v1/datapackage.zip", headers=headers)
    assert response.status_code == 200
    return response.get_data()


def tables_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def import_file(name: str, content: bytes, decide=Decision.ASK):
    plan = imports.plan(imports.read(name, content), decide)
    assert plan.can_apply, [(str(p.source), p.field, str(p.reason)) for p in plan.problems]
    return imports.apply(plan)


def approve_all() -> None:
    db.session.execute(update(Organisation).values(status=OrganisationStatus.APPROVED))
    db.session.commit()


def without_column(csv_bytes: bytes, column: str) -> list[list[str]]:
    import csv

    rows = list(csv.reader(io.StringIO(csv_bytes.decode())))
    if column not in rows[0]:
        return rows
    position = rows[0].index(column)
    return [row[:position] + row[position + 1:] for row in rows]


def test_our_own_export_imported_into_an_empty_directory_reproduces_it(client, listing):
    before = export(client)
    empty_directory()
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 0

    counts = import_file("partnernet-hsds.zip", before)
    assert counts["organisation", Outcome.CREATE] == 1
    assert counts["offer", Outcome.CREATE] == 2 and counts["place", Outcome.CREATE] == 2
    assert db.session.scalar(select(Organisation.status)) == "pending", "staff approve first"
    assert client.get("/api/v1/services").json["total_items"] == 0
    approve_all()

    after = tables_of(export(client))
    for name, content in tables_of(before).items():
        assert without_column(after[name], "last_modified") == without_column(
            content, "last_modified"), name


def test_another_installations_export_names_our_topics_by_their_codes(client, listing):
    """Each installation gives its topics their own UUIDs; the code is the same."""
    package = export(client)
    empty_directory()
    for topic in (listing["digid"], listing["money"]):
        topic.public_id = uuid.uuid4()
    db.session.commit()
    import_file("elders.zip", package)
    imported = db.session.scalar(select(Offer).where(Offer.title == "Hulp bij DigiD"))
    assert {topic.code for topic in imported.topics} == {"digid", "money"}


def test_importing_the_same_file_twice_changes_nothing(client, listing):
    package = export(client)
    plan = imports.plan(imports.read("partnernet-hsds.zip", package))
    assert {line.outcome for line in plan.lines} == {Outcome.UNCHANGED}, [
        (line.kind, line.name, line.changes) for line in plan.lines
        if line.outcome != Outcome.UNCHANGED]
    changed_at = db.session.scalars(select(Offer.updated_at).order_by(Offer.id)).all()
    imports.apply(plan)
    assert db.session.scalars(select(Offer.updated_at).order_by(Offer.id)).all() == changed_at


def test_our_csv_template_example_imports_and_a_second_time_changes_nothing(db):
    factories.create_topic(code="municipal_forms", name_nl="Formulieren", name_en="Forms")
    factories.create_topic(code="reading_writing", name_nl="Lezen", name_en="Reading")
    factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    content = EXAMPLE.read_bytes()
    counts = import_file(EXAMPLE.name, content)
    assert (counts["organisation", Outcome.CREATE], counts["place", Outcome.CREATE],
            counts["offer", Outcome.CREATE]) == (1, 1, 3)
    organisation = db.session.scalar(select(Organisation))
    assert organisation.status == "pending" and organisation.public_email == \
        "info@voorbeeldhulp.example.org"
    place = db.session.scalar(select(SupportPoint))
    assert (place.street, place.house_number, place.postcode) == ("Nieuwe Markt", "1", "9712 KN")
    assert place.wheelchair_accessible is True and place.latitude is not None
    assert [(p.weekday, p.opens.hour, p.closes.hour) for p in place.opening_periods] == [
        (0, 9, 12), (2, 13, 16)]
    phone_help = db.session.scalar(select(Offer).where(Offer.title == "Hulp aan de telefoon"))
    assert phone_help.support_points == [] and phone_help.by_phone
    assert not phone_help.free_of_charge and phone_help.cost_note == "2 euro per gesprek"
    assert phone_help.language_codes == ["ar", "nl"]
    letters = db.session.scalar(select(Offer).where(Offer.title == "Hulp bij brieven"))
    assert letters.walk_in and letters.by_appointment
    assert {topic.code for topic in letters.topics} == {"municipal_forms", "reading_writing"}

    again = imports.plan(imports.read(EXAMPLE.name, content))
    assert {line.outcome for line in again.lines} == {Outcome.UNCHANGED}


def test_a_dry_run_writes_nothing(db):
    factories.create_topic(code="municipal_forms")
    factories.create_topic(code="reading_writing")
    factories.create_topic(code="digid")
    plan = imports.plan(imports.read(EXAMPLE.name, EXAMPLE.read_bytes()))
    assert plan.can_apply and len(plan.lines) == 5
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_a_likely_duplicate_organisation_waits_for_a_decision(db):
    ours = factories.create_organisation(name="Stichting Voorbeeldhulp")
    for code in ("municipal_forms", "reading_writing", "digid"):
        factories.create_topic(code=code)
    content = EXAMPLE.read_bytes()
    asked = imports.plan(imports.read(EXAMPLE.name, content))
    assert not asked.can_apply
    (duplicate,) = asked.undecided
    assert duplicate.existing_name == "Stichting Voorbeeldhulp"
    assert {line.outcome for line in asked.lines if line.kind != "organisation"} == {
        Outcome.SKIP}, "what belongs to it waits too"
    with pytest.raises(imports.NotReady):
        imports.apply(asked)

    skipped = imports.plan(imports.read(EXAMPLE.name, content), Decision.SKIP)
    imports.apply(skipped)
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 0

    merged = imports.plan(imports.read(EXAMPLE.name, content), Decision.MERGE)
    imports.apply(merged)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
    assert {offer.title for offer in ours.offers} == {"Hulp bij brieven", "Hulp bij DigiD",
                                                      "Hulp aan de telefoon"}
    assert ours.website == "https://voorbeeldhulp.example.org"


def test_a_place_at_the_address_of_one_of_ours_is_a_likely_duplicate(db):
    factories.create_support_point(name="Forum", street="Nieuwe Markt", house_number="1",
                                   postcode="9712 KN")
    for code in ("municipal_forms", "reading_writing", "digid"):
        factories.create_topic(code=code)
    plan = imports.plan(imports.read(EXAMPLE.name, EXAMPLE.read_bytes()))
    (duplicate,) = plan.undecided
    assert (duplicate.kind, duplicate.existing_name) == ("place", "Forum")
    created = imports.plan(imports.read(EXAMPLE.name, EXAMPLE.read_bytes()), Decision.CREATE)
    assert created.can_apply


def csv_file(*rows: str) -> bytes:
    return "\n".join(["organisatie;plek;postcode;huisnummer;straat;plaats;aanbod;onderwerpen;"
                      "maandag", *rows]).encode()


def problems_of(content: bytes, name: str = "aanbod.csv") -> list[tuple[str, str, str]]:
    plan = imports.plan(imports.read(name, content))
    assert not plan.can_apply
    return [(str(problem.source), problem.field, str(problem.reason))
            for problem in plan.problems]


def test_each_wrong_value_names_its_row_and_field(db):
    found = problems_of(csv_file(
        "Hulp;Plek;9712KN;1;Markt;Groningen;;;",
        "Hulp;Plek 2;97;1;Markt;Groningen;Brieven;;",
        "Hulp;Plek 3;9712 KN;2;Markt;Groningen;Formulieren;onbekend;",
        "Hulp;Plek 4;9712 KN;3;Markt;Groningen;=HYPERLINK(\"x\");;",
        "Hulp;Plek 5;9712 KN;4;Markt;Groningen;DigiD;;9-25"))
    assert ("aanbod.csv:2", "offer", "Dit veld is verplicht.") in found
    assert ("aanbod.csv:3", "postcode", "Een Nederlandse postcode, zoals 9712 KN.") in found
    assert any(source == "aanbod.csv:4" and field == "topics" and "onbekend" in reason
               for source, field, reason in found)
    assert any(source == "aanbod.csv:5" and field == "offer" and "formule" in reason
               for source, field, reason in found)
    assert any(source == "aanbod.csv:6" and field == "monday" for source, field, _ in found)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_a_uuid_of_another_organisations_place_is_refused(client, listing):
    package = tables_of(export(client))
    stranger = factories.create_organisation(name="Ander")
    theirs = factories.create_support_point(organisation=stranger, name="Hun plek")
    locations = package["locations.csv"].decode().replace(
        str(listing["forum"].public_id), str(theirs.public_id))
    package["locations.csv"] = locations.encode()
    package["service_at_location.csv"] = package["service_at_location.csv"].decode().replace(
        str(listing["forum"].public_id), str(theirs.public_id)).encode()
    found = problems_of(_zipped(package), "package.zip")
    assert any(field == "id" and "andere organisatie" in reason
               for _source, field, reason in found)


def _zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "says"), [
    (b"{\"contents\": [", "geen geldige JSON"),
    (b"PK\x03\x04broken", "beschadigd"),
    (_zipped({"readme.txt": b"hello"}), "organizations.csv"),
    (b"", "leeg"),
    (b"\x81\x8d\x8f\x90\x9d" * 10, "geen tekstbestand"),
])
def test_a_file_that_cannot_be_read_says_why(app, content, says):
    with pytest.raises(imports.UnreadableFile) as raised:
        imports.read("bestand", content)
    assert says in str(raised.value.args[0])


def test_a_file_over_the_limit_is_refused_before_reading(app):
    with pytest.raises(imports.UnreadableFile) as raised:
        imports.read("groot.csv", b"x" * (50 * 1024 * 1024))
    assert "groter dan 20 MB" in str(raised.value.args[0])


def test_a_windows_1252_csv_from_excel_is_read_with_a_note(db):
    factories.create_topic(code="digid")
    content = csv_file("Café Hulp;Plek;9712 KN;1;Markt;Groningen;Brieven;digid;").decode()
    plan = imports.plan(imports.read("excel.csv", content.encode("cp1252")))
    assert plan.can_apply
    assert plan.bundle.organisations.popitem()[1].name == "Café Hulp"
    assert any("Windows-1252" in str(note) for note in plan.bundle.notes)


def test_hsds_json_services_as_the_api_gives_them_import(client, listing):
    services = client.get("/api/v1/services?full=true").json
    full_id = listing["full"].public_id
    empty_directory()
    counts = import_file("services.json", json.dumps(services).encode())
    assert counts["offer", Outcome.CREATE] == 2 and counts["place", Outcome.CREATE] == 2
    digid = db.session.scalar(select(Offer).where(Offer.title == "Hulp bij DigiD"))
    assert digid.public_id == full_id
    assert digid.cost_note == "5 euro per keer" and digid.walk_in and digid.by_appointment
    assert {point.name for point in digid.support_points} == {"Forum", "Wijkpost"}


def with_topics() -> None:
    for code in ("municipal_forms", "reading_writing", "digid"):
        factories.create_topic(code=code)


def test_the_command_line_shows_a_dry_run_then_imports_with_apply(runner, db):
    with_topics()
    dry = runner.invoke(args=["partnernet", "import", str(EXAMPLE)])
    assert dry.exit_code == 0, dry.output
    assert "Organisaties: 1 nieuw" in dry.output and "Aanbod: 3 nieuw" in dry.output
    assert "Proefimport: er is niets opgeslagen" in dry.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0

    done = runner.invoke(args=["partnernet", "import", str(EXAMPLE), "--apply",
                               "--language", "en"])
    assert done.exit_code == 0, done.output
    assert "Offers: 3 new" in done.output and "Imported." in done.output
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 3


def test_the_command_line_lists_errors_and_likely_duplicates_and_imports_nothing(runner, db,
                                                                                tmp_path):
    with_topics()
    factories.create_organisation(name="Stichting Voorbeeldhulp")
    result = runner.invoke(args=["partnernet", "import", str(EXAMPLE), "--apply"])
    assert result.exit_code == 1
    assert "lijkt op “Stichting Voorbeeldhulp”" in result.output
    assert "Er is niets geïmporteerd" in result.output
    wrong = tmp_path / "fout.csv"
    wrong.write_bytes(csv_file("Hulp;Plek;97;1;Markt;Groningen;Brieven;digid;"))
    result = runner.invoke(args=["partnernet", "import", str(wrong), "--apply"])
    assert result.exit_code == 1
    assert "fout.csv:2, postcode: Een Nederlandse postcode, zoals 9712 KN." in result.output
    broken = tmp_path / "kapot.json"
    broken.write_bytes(b"[{")
    result = runner.invoke(args=["partnernet", "import", str(broken)])
    assert result.exit_code == 1 and "Dit is geen geldige JSON" in result.output
    assert db.session.scalar(select(func.count()).select_from(Offer)) == 0


FIELDS = ["organisatie", "plek", "straat", "huisnummer", "postcode", "plaats", "breedtegraad",
          "lengtegraad", "rolstoel", "maandag", "aanbod", "gratis", "onderwerpen", "talen",
          "manieren", "onbekend"]
cell = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))


@import_fuzz
@given(header=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=8, unique=True),
       rows=st.lists(st.lists(cell, max_size=9), max_size=4),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_no_csv_breaks_the_dry_run(db, header, rows, delimiter):
    text = "\n".join(delimiter.join(f'"{value}"' if delimiter in value else value
                                    for value in row) for row in [header, *rows])
    try:
        bundle = imports.read("fuzz.csv", text.encode("utf-8", "surrogatepass"))
    except imports.UnreadableFile:
        return
    imports.plan(bundle)
    db.session.rollback()


@import_fuzz
@given(document=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), cell),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["id", "name", "organization_id", "organization", "services", "contents",
         "service_at_locations", "location", "latitude", "longitude", "addresses",
         "schedules", "byday", "opens_at", "closes_at", "attributes", "taxonomy_term_id",
         "languages", "code", "cost_options", "amount", "status", "assured_date"]),
        inner, max_size=5)), max_leaves=25))
def test_no_json_breaks_the_dry_run(db, document):
    try:
        bundle = imports.read("fuzz.json", json.dumps(document).encode())
    except imports.UnreadableFile:
        return
    imports.plan(bundle)
    db.session.rollback()


def test_an_import_stopped_halfway_leaves_nothing(db):
    """The page's import stops when the administrator's browser goes away mid-stream: what
    was written so far is rolled back."""
    with_topics()
    plan = imports.plan(imports.read(EXAMPLE.name, EXAMPLE.read_bytes()))
    steps = imports.apply_in_steps(plan)
    assert next(steps) == (1, 5), "the organisation is written (not committed)"
    steps.close()
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_an_import_that_changes_only_hours_puts_the_offers_in_the_change_feed(client, listing):
    package = tables_of(export(client))
    package["schedules.csv"] = package["schedules.csv"].replace(b"16:00", b"15:00")
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    for key in ("full", "bare", "paused", "forum", "wijkpost", "closed", "library"):
        listing[key].updated_at = long_ago
    db.session.commit()
    counts = import_file("uren.zip", _zipped(package))
    assert counts["place", Outcome.UPDATE] == 1 and counts["offer", Outcome.UPDATE] == 0
    feed = client.get("/api/v1/services?modified_after=2026-06-01T00:00:00Z").json
    assert [item["name"] for item in feed["contents"] if item["status"] == "active"] == [
        "Hulp bij DigiD"]


def test_an_import_that_changes_only_topics_puts_the_offer_in_the_change_feed(client, listing):
    package = tables_of(export(client))
    package["attributes.csv"] = b"\r\n".join(
        line for line in package["attributes.csv"].split(b"\r\n") if b",money" not in line)
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    for key in ("full", "bare", "paused", "forum", "wijkpost", "closed", "library"):
        listing[key].updated_at = long_ago
    db.session.commit()
    counts = import_file("onderwerpen.zip", _zipped(package))
    assert counts["offer", Outcome.UPDATE] == 1
    feed = client.get("/api/v1/services?modified_after=2026-06-01T00:00:00Z").json
    assert [item["name"] for item in feed["contents"] if item["status"] == "active"] == [
        "Hulp bij DigiD"]
