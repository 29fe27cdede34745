"""Text fields hold plain text: one-line fields refuse line breaks and control characters,
every field refuses NUL (which PostgreSQL cannot store), and an uploaded file or a JSON body
is never read as text."""

from io import BytesIO

import pytest
from sqlalchemy import func, select

from partnernet.models import Organisation, SupportPoint
from tests.html import error_summary, fresh
from tests.partners.sample_forms import APPLICATION, POINT
from tests.support.payloads import LINE_BREAK_PAYLOAD

ONE_LINE = "Write this on one line, without special characters"


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("field", ["name", "contact_name", "phone"])
@pytest.mark.parametrize("bad", [LINE_BREAK_PAYLOAD, "Naam\x00", "Naam\x1b[31m"])
def test_registration_refuses_control_characters_in_one_line_fields(client, db, field, bad):
    response = client.post("/register?lang=en", data=fresh({**APPLICATION, field: bad}))
    assert response.status_code == 200
    assert ONE_LINE in error_summary(response)
    assert count(db, Organisation) == 0


def test_a_text_area_keeps_line_breaks_but_refuses_nul(client, db):
    kept = client.post("/register?lang=en", data=fresh(
        {**APPLICATION, "description": "Eerste regel.\r\nTweede regel.\tMet tab."}))
    assert kept.status_code == 302
    refused = client.post("/register?lang=en", data=fresh(
        {**APPLICATION, "name": "Ander", "description": "Met\x00NUL"}))
    assert error_summary(refused) == [
        "This text holds characters we cannot save. Type it again without them"]


def test_a_point_name_cannot_carry_a_line_break_into_mail(client, auth, db):
    auth.login(as_="coordinator")
    response = client.post("/partner/points/new?lang=en",
                           data=fresh({**POINT, "name": LINE_BREAK_PAYLOAD}))
    assert ONE_LINE in error_summary(response)
    assert count(db, SupportPoint) == 0


@pytest.mark.parametrize("field", ["email", "password"])
def test_nul_in_the_login_form_is_a_message_not_a_crash(client, field):
    data = {"email": "jan@example.org", "password": "geheim", field: "a\x00b"}
    response = client.post("/login?lang=en", data=data)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/login", "/register", "/help", "/status", "/password/reset"])
def test_a_file_in_a_text_field_is_ignored(client, url):
    response = client.post(url, data={"name": (BytesIO(b"%PDF"), "brief.pdf"),
                                      "email": (BytesIO(b"x"), "x.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/login", "/register", "/help", "/status", "/password/reset"])
def test_a_json_body_is_not_a_form(client, url):
    response = client.post(url, json={"email": ["a", {"b": 1}], "name": 5})
    assert response.status_code == 200
