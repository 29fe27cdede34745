"""Forms that change things once, however often they are sent.

A create form carries a random key in a hidden field. The view claims the key in the same
transaction as the record it creates; a second POST with that key (a double click, a resent form,
two tabs) finds the claim and is sent to what the first one saved. The database's primary key
decides, so this holds for parallel requests on several workers too.

On/off buttons (show or hide, give or take access) name the state they want and change it with
`change_once`, a conditional UPDATE, for the same reason."""

import re
import uuid
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.validators import ValidationError

from partnernet.clock import utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import FormSubmission
from partnernet.privacy.audit import record_event

KEY_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KEPT_FOR = timedelta(days=2)


class SubmissionKeyField(HiddenField):
    """The form's random key. A missing or malformed key (a page from before an update, or a
    tampered form) is an error, and the page comes back with a fresh key to send again."""

    def process_formdata(self, valuelist):
        self.key_was_valid = bool(valuelist and KEY_PATTERN.match(valuelist[0]))
        self.data = valuelist[0] if self.key_was_valid else new_key()

    def pre_validate(self, form):
        if not getattr(self, "key_was_valid", False):
            raise ValidationError(_l("This form is out of date. Please check it and send it "
                                     "again."))


def new_key() -> str:
    return str(uuid.uuid4())


class SubmitOnce:
    """Mix into a create form, before its base form."""

    submission_key = SubmissionKeyField(default=new_key)

    def earlier_submission(self) -> FormSubmission | None:
        """This very form, saved before (a double click): checked before validating when a
        validator would fail on what the first submission saved, such as a unique name."""
        if not getattr(self.submission_key, "key_was_valid", False):
            return None
        return db.session.get(FormSubmission, self.submission_key.data)


class AlreadySubmitted(Exception):
    def __init__(self, result_path: str | None):
        super().__init__("form already submitted")
        self.result_path = result_path


def claim_submission(form) -> FormSubmission:
    """Claim the form's key in the transaction that saves what the form creates (add the new
    record first), or raise AlreadySubmitted, with the transaction rolled back, saying where
    the first submission's result can be seen. Set `result_path` on the claim before committing."""
    key = form.submission_key.data
    claim = FormSubmission(key=key)
    db.session.add(claim)
    try:
        db.session.flush()
    except IntegrityError:
        # No savepoint: SQLite's driver would commit the claim on releasing it.
        db.session.rollback()
        earlier = db.session.get(FormSubmission, key)
        if earlier is None:
            raise  # the new record itself broke a constraint
        raise AlreadySubmitted(earlier.result_path) from None
    forgotten = utcnow() - KEPT_FOR
    db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < forgotten))
    return claim


def change_once(column, record_id: int, value) -> bool:
    """Set one column of one record unless it has that value already, in a conditional UPDATE:
    of a double click or two people at once, exactly one request changes it and gets True."""
    model = column.class_
    return rows_changed(
        update(model).where(model.id == record_id, column != value).values({column: value})
        .execution_options(synchronize_session=False)) == 1


def switch_and_record(column, record_id: int, value, action: str, object_type: str) -> None:
    """Switch one column (shown or hidden, active or not) with change_once; the audit trail
    gets `action` only when this request changed it. Commits."""
    if change_once(column, record_id, value):
        record_event(action, object_type=object_type, object_id=record_id)
    db.session.commit()
