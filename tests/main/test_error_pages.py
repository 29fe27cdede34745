import pytest

from partnernet.access import role_required
from tests.html import heading

HEADINGS = {
    403: ("U heeft geen toegang tot deze pagina", "You do not have access to this page"),
    404: ("Pagina niet gevonden", "Page not found"),
    429: ("Te veel pogingen", "Too many attempts"),
    500: ("Sorry, er ging bij ons iets mis", "Sorry, something went wrong on our side"),
    400: ("Er ging iets mis met uw verzoek", "Something in the request was not right"),
}


@pytest.fixture
def failing_routes(app):
    from flask import abort

    @app.route("/test-only-abort/<int:code>")
    @role_required()
    def abort_with(code):
        abort(code)

    return app


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
@pytest.mark.parametrize("code", sorted(HEADINGS))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_friendly_error_pages_in_both_languages(failing_routes, client, auth, code, language):
    auth.login(as_="staff")
    response = client.get(f"/test-only-abort/{code}?lang={language}")
    assert response.status_code == code
    dutch, english = HEADINGS[code]
    assert heading(response) == (dutch if language == "nl" else english)
