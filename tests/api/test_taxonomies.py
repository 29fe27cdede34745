"""The API's root and its taxonomy: partnernet's topics as HSDS taxonomy terms."""

import pytest

from partnernet.api.hsds import TAXONOMY_ID
from partnernet.extensions import db
from tests import factories
from tests.api.schemas import assert_page_of, assert_valid


@pytest.fixture
def topics(db):
    return [factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD", position=1),
            factories.create_topic(code="money", name_nl="Geldzaken", name_en="Money matters",
                                   position=2),
            factories.create_topic(code="old", name_nl="Oud", name_en="Old", position=3,
                                   active=False)]


def test_the_root_names_the_hsds_version(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response.json["version"] == "3.0"
    assert response.json["openapi_url"] == "http://localhost/api/v1/openapi.json"


def test_the_one_taxonomy_meets_the_schema(client):
    body = client.get("/api/v1/taxonomies").json
    assert_page_of(body, "taxonomy.json")
    assert [taxonomy["id"] for taxonomy in body["contents"]] == [str(TAXONOMY_ID)]
    one = client.get(f"/api/v1/taxonomies/{TAXONOMY_ID}").json
    assert_valid(one, "taxonomy.json")


def test_topics_in_use_are_the_terms_in_their_order(client, topics):
    body = client.get("/api/v1/taxonomy_terms").json
    assert_page_of(body, "taxonomy_term.json")
    assert [term["code"] for term in body["contents"]] == ["digid", "money"]
    assert body["total_items"] == 2 and body["first_page"] and body["last_page"]
    term = body["contents"][1]
    assert term["id"] == str(topics[1].public_id) and term["taxonomy_id"] == str(TAXONOMY_ID)
    one = client.get(f"/api/v1/taxonomy_terms/{topics[1].public_id}").json
    assert_valid(one, "taxonomy_term.json")
    assert one == term


@pytest.mark.parametrize(("accept", "name", "language"),
                         [("nl", "Geldzaken", "nl"), ("en-GB,en;q=0.9", "Money matters", "en"),
                          (None, "Geldzaken", "nl")])
def test_names_come_in_the_callers_language(client, topics, accept, name, language):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get(f"/api/v1/taxonomy_terms/{topics[1].public_id}", headers=headers)
    assert response.json["name"] == name and response.json["language"] == language
    assert response.headers["Content-Language"] == language
    assert "Accept-Language" in response.headers["Vary"]


def test_a_retired_or_unknown_term_is_a_404_problem(client, topics):
    for term_id in (topics[2].public_id, "00000000-0000-0000-0000-000000000001"):
        response = client.get(f"/api/v1/taxonomy_terms/{term_id}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
        assert response.json["status"] == 404 and response.json["title"]


def test_terms_come_in_pages(client, topics):
    first = client.get("/api/v1/taxonomy_terms?per_page=1").json
    second = client.get("/api/v1/taxonomy_terms?per_page=1&page=2").json
    beyond = client.get("/api/v1/taxonomy_terms?per_page=1&page=3").json
    assert [page["contents"][0]["code"] for page in (first, second)] == ["digid", "money"]
    assert first["total_pages"] == 2 and not first["last_page"] and second["last_page"]
    assert beyond["empty"] and beyond["contents"] == []
    assert_page_of(beyond, "taxonomy_term.json")


def test_terms_are_found_by_name_and_taxonomy(client, topics):
    def codes(query):
        return [term["code"] for term in client.get(f"/api/v1/taxonomy_terms?{query}").json[
            "contents"]]

    assert codes("search=geld") == ["money"]
    assert codes("search=100%25") == []
    assert codes(f"taxonomy_id={TAXONOMY_ID}") == ["digid", "money"]
    assert codes("taxonomy_id=00000000-0000-0000-0000-000000000001") == []
    assert codes(f"parent_id={topics[0].public_id}") == []  # the taxonomy is flat
    assert codes("top_only=true") == ["digid", "money"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("per_page=100000", "per_page"), ("per_page=0", "per_page"), ("page=0", "page"),
    ("page=-1", "page"), ("page=abc", "page"), ("page=٣", "page"),
    ("taxonomy_id=yesterday", "taxonomy_id"), ("top_only=maybe", "top_only"),
    ("search=" + "a" * 201, "search"), ("search=a%00b", "search"), ("search=a%0Ab", "search"),
])
def test_a_parameter_out_of_range_is_a_problem_that_names_it(client, query, parameter):
    response = client.get(f"/api/v1/taxonomy_terms?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json["parameter"] == parameter and parameter in response.json["detail"]


def test_problems_come_in_the_callers_language(client):
    dutch = client.get("/api/v1/taxonomy_terms?page=0").json
    english = client.get("/api/v1/taxonomy_terms?page=0", headers={"Accept-Language": "en"}).json
    assert dutch["title"] != english["title"] and dutch["detail"] != english["detail"]


def test_an_unknown_address_and_another_method_are_problems(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    posted = client.post("/api/v1/taxonomy_terms")
    assert posted.status_code == 405 and posted.mimetype == "application/problem+json"


def test_any_site_may_read_it_and_no_cookie_is_set(client, auth, topics):
    anonymous = client.get("/api/v1/taxonomy_terms?lang=en")
    assert anonymous.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in anonymous.headers
    auth.login(as_="coordinator")
    signed_in = client.get("/api/v1/taxonomy_terms")
    assert "Set-Cookie" not in signed_in.headers and "Cookie" not in signed_in.headers.get(
        "Vary", "")


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_too_many_requests_are_told_when_to_come_back(client):
    for _ in range(300):
        client.get("/api/v1/")
    response = client.get("/api/v1/")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0



def test_an_unchanged_answer_asked_again_with_its_etag_is_a_304(client, topics):
    first = client.get("/api/v1/taxonomy_terms")
    assert first.headers["ETag"] and "public" in first.headers["Cache-Control"]
    again = client.get("/api/v1/taxonomy_terms", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    topics[0].name_nl = "DigiD aanvragen"
    db.session.commit()
    changed = client.get("/api/v1/taxonomy_terms",
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    english = client.get("/api/v1/taxonomy_terms", headers={
        "If-None-Match": changed.headers["ETag"], "Accept-Language": "en"})
    assert english.status_code == 200  # another language is another answer
