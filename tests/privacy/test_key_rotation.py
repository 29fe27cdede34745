"""Criterion 18: personal data is ciphertext in the database, and still readable after the
field key is rotated (new key first, rotate, old key removed)."""

from cryptography.fernet import Fernet
from sqlalchemy import text

from partnernet.models import Referral, ReferralEvent
from tests import factories

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored(db) -> tuple:
    return db.session.execute(text("SELECT resident_name, resident_phone FROM referrals")).one()


def test_rotating_the_field_key_keeps_personal_data_readable(app, db, runner):
    app.config["FIELD_KEYS"] = OLD
    referral = factories.create_referral(resident_name="Jannie de Boer",
                                         resident_phone="06 1234 5678")
    db.session.add(ReferralEvent(referral_id=referral.id, to_state="new",
                                 note="Belt liever na 17 uur"))
    db.session.commit()
    before = stored(db)
    assert "Jannie" not in before[0] and "1234" not in before[1]

    app.config["FIELD_KEYS"] = f"{NEW},{OLD}"
    result = runner.invoke(args=["partnernet", "rotate-field-key"])
    assert "Re-encrypted 4 values" in result.output  # name, phone, need, note
    after = stored(db)
    assert after != before and "Jannie" not in after[0]

    app.config["FIELD_KEYS"] = NEW  # the old key is gone
    db.session.expire_all()
    rotated = db.session.get(Referral, referral.id)
    assert (rotated.resident_name, rotated.resident_phone) == ("Jannie de Boer", "06 1234 5678")
    assert rotated.events[0].note == "Belt liever na 17 uur"
