"""Criterion 27: generated input never gets a 5xx. Every public form, every GET parameter of the
public pages, and the signed-in lists and figures get FUZZ_EXAMPLES generated requests each
(1,000 by default; PARTNERNET_FUZZ_EXAMPLES lowers it for a quick local run)."""

import os
from datetime import date, timedelta
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnernet.tokens import INVITATION, PASSWORD_RESET, make_feedback_token, make_token
from tests import factories
from tests.factories import CENTRE
from tests.html import parse
from tests.support import signing_in

FUZZ_EXAMPLES = int(os.environ.get("PARTNERNET_FUZZ_EXAMPLES", "1000"))
fuzz_settings = settings(
    max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that reach deep paths (valid postcodes, dates, numbers) mixed with hostile ones.
TRICKY = ["", " ", "9712", "9712 KN", "Paddepoel", "2026-03-01", "1-3-2026", "0001-01-01",
          "9999-12-31", "0", "-1", "1e9", "9223372036854775808", "99999999999999999999999",
          "on", "y", "nl", "en", "walk_in", "digid", "\x00", "a\x00b", "\r\nBcc: x@example.org",
          "{{7*7}}", "</script>", "' OR 1=1 --", "a" * 5000, "jan@example.org",
          "correct horse battery staple", "PN-ABCD-1234", "\ud7ff\ufffd\U0001f600", "mine",
          "closed", "yes", "partly", "no", "2026-Q3", "2026-q1", "2026-Q5", "2026-09", "2026",
          "13-2026", "1999-Q4", "2026-12-03T10:00:00+01:00", "2026-12-03T10:00Z",
          "5b0f3c1e-5d7a-4c59-9a43-2f1b8e6d7c10", "true", "false", "53.2188", "6.5702",
          "-90", "180.0", "1e-5", "nan", "inf", "json", "ndjson"]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
value = st.one_of(st.sampled_from(TRICKY), text, st.dates().map(date.isoformat),
                  st.integers().map(str))


def field_names(page_html, form_selector: str) -> list[str]:
    form = page_html.select_one(form_selector)
    names = {field["name"] for field in form.select("input[name], select[name], textarea[name]")}
    return sorted(names - {"csrf_token"})


def fields_of(names: list[str]):
    """Some of the form's fields with generated values, and perhaps a name it does not know."""
    known = st.dictionaries(st.sampled_from(names), value, max_size=len(names))
    unknown = st.dictionaries(st.sampled_from(["endpoint", "_method", "page", "x", "lang"]),
                              value, max_size=2)
    return st.tuples(known, unknown).map(lambda both: {**both[1], **both[0]})


def _period(start: date, days: int) -> dict:
    end = start + timedelta(days=days) if date.max - start >= timedelta(days=days) else date.max
    return {"start": start.isoformat(), "end": end.isoformat()}


# A period of a few days anywhere in the calendar: the figures count from it backwards.
periods = st.builds(_period, st.one_of(st.dates(), st.sampled_from(
    [date.min, date(1, 3, 1), date.max - timedelta(days=20), date(1999, 12, 31)])),
    st.integers(0, 400))


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{response.status_code} for {what}"


@pytest.fixture
def world(app):
    """Enough data for the pages to do their real work."""
    point = factories.create_offered_point(CENTRE, "Forum")
    user = factories.create_user(role="coordinator")
    return {
        "point": point, "organisation": point.organisation,
        "offer": point.organisation.offers[0] if hasattr(point.organisation, "offers") else None,
        "invitation": make_token(factories.create_user(role="volunteer", password_hash=None,
                                                       active=True), INVITATION),
        "reset": make_token(user, PASSWORD_RESET),
        "feedback": make_feedback_token(factories.create_referral(
            state="completed", organisation_id=point.organisation_id).id),
    }


def public_forms(world) -> list[str]:
    point = world["point"]
    return ["/login", "/register", "/help", "/status", "/password/reset",
            f"/password/reset/{world['reset']}", f"/invite/{world['invitation']}",
            f"/points/{point.public_id}/report",
            f"/organisations/{point.organisation.public_id}/report",
            f"/status/feedback/{world['feedback']}",
            f"/organisations/{point.organisation.public_id}/claim"]


@pytest.mark.parametrize("form_index", range(11))
def test_public_forms_never_answer_5xx(client, world, form_index):
    url = public_forms(world)[form_index]
    names = field_names(parse(client.get(url)), "main form[method=post]")

    @fuzz_settings
    @given(data=fields_of(names), upload_into=st.one_of(st.none(), st.sampled_from(names)),
           as_json=st.booleans())
    def post(data, upload_into, as_json):
        if as_json:
            response = client.post(url, json=data)
        elif upload_into:
            files = {**data, upload_into: (BytesIO(b"%PDF \x00\x01"), "brief.pdf")}
            response = client.post(url, data=files, content_type="multipart/form-data")
        else:
            response = client.post(url, data=data)
        assert_no_server_error(response, f"POST {url} {data!r}")

    post()


PUBLIC_GET_PARAMETERS = {
    "/": ["lang"],
    "/search": ["where", "topic", "language", "mode", "wheelchair", "open_now", "free", "page",
                "lang"],
    "/embed/search": ["where", "topic", "language", "mode", "wheelchair", "open_now", "free",
                      "page", "lang"],
    "/embed": ["lang"],
    "/about": ["lang"],
    "/help": ["lang"],
    "/status": ["lang"],
    "/login": ["next", "lang"],
    "/figures": ["quarter", "lang"],
    "/figures.csv": ["quarter", "lang"],
    "/api/v1/taxonomies": ["page", "per_page", "search"],
    "/api/v1/organizations": ["page", "per_page", "search", "full_service", "full", "lang"],
    "/api/v1/taxonomy_terms": ["page", "per_page", "search", "taxonomy_id", "top_only",
                               "parent_id", "lang"],
    "/api/v1/services": ["page", "per_page", "search", "taxonomy_term_id", "taxonomy_id",
                         "organization_id", "modified_after", "minimal", "full", "format",
                         "postcode", "lat", "lon", "proximity"],
    "/api/v1/service_at_locations": ["page", "per_page", "search", "taxonomy_term_id",
                                     "taxonomy_id", "organization_id", "modified_after", "full",
                                     "format", "postcode", "lat", "lon", "proximity"],
}


@pytest.mark.parametrize("path", sorted(PUBLIC_GET_PARAMETERS))
def test_public_get_parameters_never_answer_5xx(client, world, path):
    names = PUBLIC_GET_PARAMETERS[path]

    @fuzz_settings
    @given(query=fields_of(names))
    def get(query):
        assert_no_server_error(client.get(path, query_string=query), f"GET {path} {query!r}")

    get()


PERIOD = ["start", "end", "page", "organisation", "support_point", "topic", "volunteer", "show",
          "period"]
SIGNED_IN_PAGES = [
    ("staff", "/staff/referrals"), ("staff", "/staff/assistance"), ("staff", "/staff/follow-ups"),
    ("staff", "/staff/figures"), ("staff", "/staff/figures/services"),
    ("staff", "/staff/figures/feedback"), ("staff", "/staff/figures/referrals"),
    ("staff", "/staff/figures/searches"), ("staff", "/staff/report"),
    ("staff", "/staff/report.csv"),
    ("staff", "/staff/organisations"), ("staff", "/staff/stale"),
    ("coordinator", "/partner/referrals"), ("coordinator", "/partner/assistance"),
    ("coordinator", "/partner/figures"), ("volunteer", "/log"),
]


@pytest.mark.parametrize(("role", "path"), SIGNED_IN_PAGES)
def test_signed_in_lists_and_figures_never_answer_5xx(client, auth, world, role, path):
    auth.login(as_=role)

    @fuzz_settings
    @given(query=st.one_of(fields_of(PERIOD),
                           st.tuples(fields_of(PERIOD), periods).map(lambda t: {**t[0], **t[1]})))
    def get(query):
        assert_no_server_error(client.get(path, query_string=query), f"GET {path} {query!r}")

    get()


def test_staff_slips_of_a_search_never_answer_5xx(client, auth, world):
    auth.login(as_="staff")
    names = PUBLIC_GET_PARAMETERS["/search"]

    @fuzz_settings
    @given(query=fields_of(names))
    def get(query):
        response = client.get("/search/slips", query_string=query)
        assert_no_server_error(response, f"GET /search/slips {query!r}")

    get()


def staff_forms(world) -> list[tuple[str, str, str]]:
    """(who, the page with the form, where it posts) for the forms of signed-in staff."""
    organisation = world["organisation"].id
    return [("admin", "/staff/referrals/due-times", ""),
            ("staff", f"/staff/organisations/{organisation}",
             f"/staff/organisations/{organisation}/coordinators")]


@pytest.mark.parametrize("form_index", range(2))
def test_staff_forms_never_answer_5xx(client, auth, world, form_index):
    who, page, url = staff_forms(world)[form_index]
    signing_in.sign_in(client, factories.create_user(role=who, email=f"{who}@fuzz.example.org"))
    form = f"main form[action$='{url}']" if url else "main form[method=post]"
    names = field_names(parse(client.get(page)), form)
    url = url or page

    @fuzz_settings
    @given(data=fields_of(names))
    def post(data):
        assert_no_server_error(client.post(url, data=data), f"POST {url} {data!r}")

    post()


@pytest.mark.parametrize("step", ["accept", "decline", "unreachable", "complete",
                                  "contact-attempt"])
def test_the_answer_link_never_answers_5xx(client, world, step):
    from partnernet.clock import utcnow
    from partnernet.notify.referrals import answer_token

    organisation = world["organisation"]
    organisation.email, organisation.email_verified_at = "info@forum.example.org", utcnow()
    referral = factories.create_referral(state="sent", organisation_id=organisation.id,
                                         offer_id=world["point"].offers[0].id,
                                         sent_at=utcnow(), due_at=utcnow())
    url = f"/answer/{answer_token(referral, organisation.id)}/{step}"
    names = [f"{step}-{name}" for name in ("version", "reason", "note", "alternative",
                                           "outcome")]

    @fuzz_settings
    @given(data=fields_of(names))
    def post(data):
        assert_no_server_error(client.post(url, data=data), f"POST {url} {data!r}")

    post()


SECOND_FACTOR_FORMS = [("staff", True, "/login/code"), ("staff", False, "/login/set-up"),
                       ("coordinator", False, "/account/two-factor/set-up")]


@pytest.mark.parametrize(("role", "second_factor", "url"), SECOND_FACTOR_FORMS)
def test_second_factor_forms_never_answer_5xx(client, auth, world, role, second_factor, url):
    user = factories.create_user(role=role, second_factor=second_factor)
    if url.startswith("/login"):  # half signed in: the password given, the code not yet
        client.post("/login", data={"email": user.email, "password": factories.DEFAULT_PASSWORD})
    else:
        auth.login(user=user)
    names = field_names(parse(client.get(url)), "main form[method=post]")

    @fuzz_settings
    @given(data=fields_of(names))
    def post(data):
        assert_no_server_error(client.post(url, data=data), f"POST {url} {data!r}")

    post()


def test_the_accounts_list_never_answers_5xx(client, auth, world):
    auth.login(as_="admin")

    @fuzz_settings
    @given(query=fields_of(["role", "status", "page"]))
    def get(query):
        assert_no_server_error(client.get("/admin/users", query_string=query),
                               f"GET /admin/users {query!r}")

    get()


def test_the_audit_trail_never_answers_5xx(client, auth, world):
    auth.login(as_="admin")
    names = ["person", "organisation", "action", "object_type", "object_id", "page"]

    @fuzz_settings
    @given(query=st.one_of(fields_of(names), st.tuples(fields_of(names), periods).map(
        lambda t: {**t[0], **t[1]})))
    def get(query):
        for url in ("/admin/audit", "/admin/audit.csv"):
            assert_no_server_error(client.get(url, query_string=query), f"GET {url} {query!r}")

    get()


@pytest.mark.parametrize("form", ["invite", "role", "access", "settings", "suspend",
                                  "topic", "rename"])
def test_administrators_forms_never_answer_5xx(client, auth, world, form):
    auth.login(as_="admin")
    other = factories.create_user(role="staff")
    organisation = world["organisation"].id
    topic = factories.create_topic(code="fuzz", name_nl="Fuzz", name_en="Fuzz").id
    page, url, selector = {
        "topic": ("/admin/topics", "/admin/topics", "main form[novalidate]"),
        "rename": (f"/admin/topics/{topic}", f"/admin/topics/{topic}",
                   "main form[method=post]"),
        "suspend": (f"/admin/organisations/{organisation}",
                    f"/admin/organisations/{organisation}/suspend",
                    "main form[action$='/suspend']"),
        "invite": ("/admin/users/invite", "/admin/users/invite", "main form[method=post]"),
        "role": (f"/admin/users/{other.id}", f"/admin/users/{other.id}/role",
                 "main form[action$='/role']"),
        "access": (f"/admin/users/{other.id}", f"/admin/users/{other.id}/access",
                   "main form[action$='/access']"),
        "settings": ("/admin/settings", "/admin/settings", "main form[method=post]"),
    }[form]
    names = field_names(parse(client.get(page)), selector) + ["switch_to", "confirm"]

    @fuzz_settings
    @given(data=fields_of(names))
    def post(data):
        assert_no_server_error(client.post(url, data=data), f"POST {url} {data!r}")

    post()


@pytest.mark.parametrize("form", ["search", "correct", "erase"])
def test_resident_rights_forms_never_answer_5xx(client, auth, world, form):
    auth.login(as_="staff")
    referral = factories.create_referral(state="completed")
    url = {"search": "/staff/residents",
           "correct": f"/staff/referrals/{referral.id}/resident/correct",
           "erase": f"/staff/referrals/{referral.id}/resident/erase"}[form]
    page = url if form != "erase" else f"/staff/referrals/{referral.id}/resident"
    selector = "main form[method=post]" if form != "erase" else "main form[action$='/erase']"
    names = field_names(parse(client.get(page)), selector)

    @fuzz_settings
    @given(data=fields_of(names))
    def post(data):
        assert_no_server_error(client.post(url, data=data), f"POST {url} {data!r}")

    post()
