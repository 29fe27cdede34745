"""Staff keep the list of municipal and government services volunteers choose from."""

from datetime import date

import pytest
from sqlalchemy import func, select

from partnernet.models import MunicipalService, Role
from tests.html import error_summary, fresh, parse
from tests.support.assistance_world import log

NEW = {"name_nl": "Leerlingenvervoer", "name_en": "School transport"}


def choices_on_the_log_form(client) -> list[str]:
    page = parse(client.get("/log/new"))
    return [option.get_text() for option in page.select("#municipal_service option")]


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(MunicipalService))


def test_staff_add_a_service_that_volunteers_can_choose(client, auth, db, world):
    before = count(db)
    auth.login(user=world.staff)
    sent = fresh(NEW)
    assert client.post("/staff/services", data=sent).location == "/staff/services"
    client.post("/staff/services", data=sent)  # a double click
    assert count(db) == before + 1
    added = db.session.scalar(select(MunicipalService).where(
        MunicipalService.name_nl == "Leerlingenvervoer"))
    assert (added.code, added.active) == ("school_transport", True)
    auth.logout()
    auth.login(user=world.a.volunteer)
    assert "Leerlingenvervoer" in choices_on_the_log_form(client)


def test_a_service_taken_off_the_list_stays_on_earlier_logs(client, auth, db, world):
    log(world.a, on=date(2026, 3, 2), municipal_service_id=world.service.id)
    auth.login(user=world.staff)
    client.post(f"/staff/services/{world.service.id}/active", data={"switch_to": "off"})
    client.post(f"/staff/services/{world.service.id}/edit",
                data={"name_nl": "Belastingen van de gemeente", "name_en": "Municipal taxes"})
    auth.logout()
    auth.login(user=world.a.volunteer)
    assert "Belastingen van de gemeente" not in choices_on_the_log_form(client)
    auth.logout()
    auth.login(user=world.a.coordinator)
    export = client.get("/partner/assistance/export.csv",
                        query_string={"start": "2026-03-01", "end": "2026-03-31"})
    assert "Belastingen van de gemeente" in export.get_data(as_text=True)


@pytest.mark.parametrize(("changes", "error"), [
    ({"name_nl": ""}, "Enter the Dutch name"),
    ({"name_en": "x" * 121}, "Use at most 120 characters"),
])
def test_bad_input_is_named_and_kept(client, auth, db, world, changes, error):
    before = count(db)
    auth.login(user=world.staff)
    response = client.post("/staff/services?lang=en", data=fresh({**NEW, **changes}))
    assert error_summary(response) == [error]
    assert parse(response).select_one("#name_nl")["value"] == {**NEW, **changes}["name_nl"]
    assert count(db) == before


def test_the_same_english_name_gets_its_own_code(client, auth, db, world):
    auth.login(user=world.staff)
    for name_nl in ("Leerlingenvervoer", "Leerlingenvervoer (aangepast)"):
        client.post("/staff/services", data=fresh({**NEW, "name_nl": name_nl}))
    codes = db.session.scalars(select(MunicipalService.code).where(
        MunicipalService.code.startswith("school_transport")).order_by(MunicipalService.id))
    assert list(codes) == ["school_transport", "school_transport_2"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_partners_do_not_change_the_list(client, auth, db, world, role):
    before = count(db)
    auth.login(user=world.a.coordinator if role == Role.COORDINATOR else world.a.volunteer)
    assert client.get("/staff/services").status_code == 403
    assert client.post("/staff/services", data=fresh(NEW)).status_code == 403
    assert client.post(f"/staff/services/{world.service.id}/active",
                       data={"switch_to": "off"}).status_code == 403
    assert count(db) == before
