"""get_owned_or_404: a partner reaches only its own organisation's records."""

import pytest

from partnernet.access import get_owned_or_404, role_required
from partnernet.models import SupportPoint
from tests import factories


@pytest.fixture
def point_route(app):
    @app.route("/test-only-points/<int:point_id>")
    @role_required()
    def show_point(point_id):
        return get_owned_or_404(SupportPoint, point_id).name

    return app


@pytest.mark.parametrize(("role", "own", "status"), [
    ("coordinator", True, 200), ("volunteer", True, 200),
    ("coordinator", False, 404), ("volunteer", False, 404),
    ("staff", False, 200), ("admin", False, 200),
])
def test_partners_reach_only_their_own_records(point_route, client, auth, role, own, status):
    user = factories.create_user(role=role)
    point = factories.create_support_point(
        organisation=user.organisation if own else factories.create_organisation())
    auth.login(user=user)
    assert client.get(f"/test-only-points/{point.id}").status_code == status


def test_an_unknown_id_is_404(point_route, client, auth):
    auth.login(as_="staff")
    assert client.get("/test-only-points/999999").status_code == 404
