"""Criterion 28: behind the configured number of trusted proxies, rate limits and the audit
trail see the real client; an X-Forwarded-For that no trusted proxy set changes nothing."""

import pytest
from sqlalchemy import select

from partnernet.models import AuditEvent
from tests import factories
from tests.support import signing_in

ALICE, BOB = "203.0.113.5", "198.51.100.7"


def login(client, user, password, client_address):
    return signing_in.sign_in(client, user, password,
                              headers={"X-Forwarded-For": client_address})


def fail_five_times(client, user, client_address):
    for _ in range(5):
        assert login(client, user, "wrong one", client_address).status_code == 200


@pytest.mark.app_config(TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True)
def test_through_a_trusted_proxy_one_client_does_not_block_another(client):
    user, other = factories.create_user(role="staff"), factories.create_user(role="staff")
    fail_five_times(client, user, ALICE)
    assert login(client, user, "wrong one", ALICE).status_code == 429
    assert login(client, other, factories.DEFAULT_PASSWORD, BOB).status_code == 302


@pytest.mark.app_config(TRUSTED_PROXIES=1)
def test_through_a_trusted_proxy_the_audit_trail_has_the_client_address(client, db):
    user = factories.create_user(role="staff")
    login(client, user, factories.DEFAULT_PASSWORD, f"{BOB}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login"))
    assert event.ip_address == BOB


@pytest.mark.app_config(TRUSTED_PROXIES=1)
def test_only_the_address_the_trusted_proxy_added_counts(client, db):
    user = factories.create_user(role="staff")
    login(client, user, factories.DEFAULT_PASSWORD, f"10.0.0.1, {BOB}")  # the first is forged
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login"))
    assert event.ip_address == BOB


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_without_trusted_proxies_a_forwarded_address_changes_nothing(client, db):
    user, other = factories.create_user(role="staff"), factories.create_user(role="staff")
    fail_five_times(client, user, ALICE)
    assert login(client, other, factories.DEFAULT_PASSWORD, BOB).status_code == 429
    addresses = set(db.session.scalars(select(AuditEvent.ip_address)))
    assert addresses == {"127.0.0.1"}
