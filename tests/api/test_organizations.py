"""Organisations as HSDS organizations: the approved ones, with what residents may see."""

import pytest

from tests import factories
from tests.api.schemas import assert_page_of, assert_valid


@pytest.fixture
def organisations(db):
    return {
        "library": factories.create_organisation(
            name="Bibliotheek Groningen", website="https://www.example.org/bieb",
            email="info@example.org", email_is_public=True, phone="050 123 4567",
            contact_name="Jan Jansen"),
        "quiet": factories.create_organisation(
            name="WIJS", email="jan@example.org", email_is_public=False,
            contact_name="Jan Jansen", phone="06 1234 5678"),
        "pending": factories.create_organisation(name="Nieuw", status="pending"),
        "suspended": factories.create_organisation(name="Geschorst", status="suspended"),
    }


def test_only_approved_organisations_are_published(client, organisations):
    body = client.get("/api/v1/organizations").json
    assert_page_of(body, "compiled/organization_list.json")
    assert [item["name"] for item in body["contents"]] == ["Bibliotheek Groningen", "WIJS"]
    for hidden in ("pending", "suspended"):
        response = client.get(f"/api/v1/organizations/{organisations[hidden].public_id}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_an_organisation_meets_the_schema_with_and_without_its_optional_fields(
        client, organisations):
    for key in ("library", "quiet"):
        body = client.get(f"/api/v1/organizations/{organisations[key].public_id}").json
        assert_valid(body, "organization.json")
        assert body["id"] == str(organisations[key].public_id)
        assert body["uri"].endswith(f"/organisations/{organisations[key].public_id}")


def test_no_contact_person_and_no_private_address_is_published(client, organisations):
    published = client.get("/api/v1/organizations").get_data(as_text=True)
    assert "Jan Jansen" not in published and "jan@example.org" not in published
    assert "06 1234 5678" not in published and "050 123 4567" not in published
    library = client.get(f"/api/v1/organizations/{organisations['library'].public_id}").json
    assert library["email"] == "info@example.org"
    assert library["website"] == "https://www.example.org/bieb"


def test_organisations_are_found_by_name_in_pages(client, organisations):
    found = client.get("/api/v1/organizations?search=BIBLIO").json
    assert [item["name"] for item in found["contents"]] == ["Bibliotheek Groningen"]
    second = client.get("/api/v1/organizations?per_page=1&page=2").json
    assert [item["name"] for item in second["contents"]] == ["WIJS"]
    assert second["total_items"] == 2 and second["last_page"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("full_service=perhaps", "full_service"), ("search=a%00b", "search")])
def test_a_bad_parameter_is_a_problem(client, organisations, query, parameter):
    response = client.get(f"/api/v1/organizations?{query}")
    assert response.status_code == 400 and response.json["parameter"] == parameter
