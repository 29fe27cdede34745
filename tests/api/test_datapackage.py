"""The published directory as an HSDS tabular datapackage: a zip of CSV files described by
datapackage.json, with the same records as the API and nothing residents may not see."""

import csv
import io
import json
import zipfile

from partnernet.api.datapackage import TABLES, columns, table_schema
from tests import factories
from tests.api.schemas import assert_valid


def download(client, **headers) -> zipfile.ZipFile:
    response = client.get("/api/v1/datapackage.zip", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def rows_of(package: zipfile.ZipFile, table: str) -> list[dict]:
    with package.open(table_schema(table)["path"]) as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def test_datapackage_json_describes_each_csv_file(client, listing):
    package = download(client)
    described = json.loads(package.read("datapackage.json"))
    assert described["profile"] == "tabular-data-package"
    paths = {resource["path"] for resource in described["resources"]}
    assert {"organizations.csv", "services.csv", "locations.csv", "service_at_location.csv",
            "schedules.csv", "taxonomy_terms.csv"} <= paths
    assert set(package.namelist()) == paths | {"datapackage.json"}
    for resource in described["resources"]:
        with package.open(resource["path"]) as raw:
            header = next(csv.reader(io.TextIOWrapper(raw, encoding="utf-8")))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        assert header == columns(resource["name"])
    services = next(r for r in described["resources"] if r["name"] == "service")
    assert {"name": "assured_date", "type": "date"} in services["schema"]["fields"]


def test_only_what_residents_see_is_exported(client, listing):
    package = download(client)
    assert [row["name"] for row in rows_of(package, "organization")] == ["Bibliotheek Groningen"]
    assert [row["name"] for row in rows_of(package, "service")] == ["Hulp bij DigiD",
                                                                    "Koffie-uurtje"]
    assert sorted(row["name"] for row in rows_of(package, "location")) == ["Forum", "Wijkpost"]
    assert rows_of(package, "organization")[0]["email"] == "", "the contact person's address"
    everything = package.read("organizations.csv") + package.read("services.csv")
    assert b"Jan Jansen" not in everything and b"jan@example.org" not in everything


def test_the_rows_are_the_records_the_api_gives(client, listing):
    """Every record of every fully nested service, with the same id and values, is a row."""
    package = download(client)
    nested = client.get("/api/v1/services?full=true").json["contents"]
    tables = {table: {row["id"]: row for row in rows_of(package, table)} for table in TABLES}
    for service in nested:
        assert _same(service, tables["service"][service["id"]])
        for kind, table in (("languages", "language"), ("attributes", "attribute"),
                            ("cost_options", "cost_option")):
            for record in service[kind]:
                assert _same(record, tables[table][record["id"]])
        for at_location in service["service_at_locations"]:
            assert _same(at_location, tables["service_at_location"][at_location["id"]])
            place = at_location["location"]
            assert _same(place, tables["location"][place["id"]])
            for kind, table in (("addresses", "address"), ("phones", "phone"),
                                ("schedules", "schedule"), ("accessibility", "accessibility")):
                for record in place[kind]:
                    assert _same(record, tables[table][record["id"]])
    assert len(tables["schedule"]) == 3 and len(tables["service_at_location"]) == 2


def _same(record: dict, row: dict) -> bool:
    """The row holds the record's own values (not what it nests), as CSV text."""
    for name, value in record.items():
        if isinstance(value, (list, dict)) or name not in row:
            continue
        expected = "" if value is None else str(value)
        assert row[name] == expected, (name, row[name], expected)
    return True


def test_each_row_meets_its_hsds_table_schema(client, listing):
    package = download(client)
    for table in TABLES:
        described = table_schema(table)["described"]
        for row in rows_of(package, table):
            assert_valid(_typed(row, described["properties"], described["required"]),
                         f"{table}.json")


def _typed(row: dict, properties: dict, required: list[str]) -> dict:
    """A CSV row as the JSON record it stands for: empty cells left out (but for a required
    text, such as an address's province), numbers as numbers."""
    found = {}
    for name, text in row.items():
        if text == "" and name not in required:
            continue
        kind = properties[name].get("type")
        found[name] = float(text) if kind == "number" else int(text) if kind == "integer" \
            else text
    return found


def test_texts_follow_the_accept_language(client, listing):
    dutch = rows_of(download(client), "schedule")[0]["description"]
    english = rows_of(download(client, **{"Accept-Language": "en"}), "schedule")[0]
    assert dutch == "Maandag van 09:00 tot 12:30 (Nederlandse tijd)"
    assert english["description"] == "Monday from 09:00 to 12:30 (Dutch time)"


def test_a_cell_a_spreadsheet_would_run_is_kept_as_text(client, db):
    factories.create_offer(title='=HYPERLINK("http://example.org","klik")')
    row = rows_of(download(client), "service")[0]
    assert row["name"] == '\'=HYPERLINK("http://example.org","klik")'


def test_an_empty_directory_gives_the_headers_alone(client, db):
    package = download(client)
    assert rows_of(package, "service") == []
    assert len(rows_of(package, "taxonomy")) == 1


def test_the_command_line_writes_the_same_package_to_a_file(app, runner, client, listing,
                                                           tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "http://localhost")  # the test client's host
    target = tmp_path / "directory.zip"
    result = runner.invoke(args=["partnernet", "export", str(target), "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "2 service" in result.output and "3 schedule" in result.output
    written = zipfile.ZipFile(target)
    downloaded = download(client, **{"Accept-Language": "en"})
    for name in downloaded.namelist():
        assert written.read(name) == downloaded.read(name), name
    assert not (tmp_path / "directory.zip.partial").exists()
