"""Our records in the shape of Open Referral HSDS 3.0 (../shared/data/hsds-3.0): what the API
answers. Texts in the caller's language; only what residents may see."""

import uuid

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from partnernet.extensions import db
from partnernet.models import Organisation, Topic

HSDS_VERSION = "3.0"
# The one taxonomy: partnernet's topics. Fixed, so consumers can rely on it across releases.
TAXONOMY_ID = uuid.UUID("5b0f3c1e-5d7a-4c59-9a43-2f1b8e6d7c10")
TAXONOMY_NAME = "partnernet"


def taxonomy() -> dict:
    return {"id": str(TAXONOMY_ID), "name": TAXONOMY_NAME,
            "description": _("The kinds of help residents can find in partnernet, such as "
                             "DigiD, forms of the municipality or money matters."),
            "version": "1"}


def taxonomy_term(topic: Topic) -> dict:
    language = _language()
    name = topic.name(language)
    return {"id": str(topic.public_id), "code": topic.code, "name": name,
            "description": _("Help with: %(topic)s", topic=name),
            "taxonomy": TAXONOMY_NAME, "taxonomy_id": str(TAXONOMY_ID),
            "language": language}


def organization(organisation: Organisation) -> dict:
    """What residents see of an approved organisation: never its contact person, and its
    e-mail address only when it made that public."""
    found = {"id": str(organisation.public_id), "name": organisation.name,
             "description": organisation.description,
             "uri": url_for("directory.organisation", organisation_id=organisation.public_id,
                            _external=True)}
    if organisation.website:
        found["website"] = organisation.website
    if organisation.public_email:
        found["email"] = organisation.public_email
    return found


def organisations_query(search: str | None = None):
    """Approved organisations by name; `search`: those whose name holds it."""
    query = select(Organisation).where(Organisation.is_public).order_by(
        Organisation.name, Organisation.id)
    return query.where(_holds(Organisation.name, search)) if search else query


def organisation_or_none(public_id: uuid.UUID) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.public_id == public_id,
                                                        Organisation.is_public))


def topics_query(search: str | None = None):
    """The topics residents can choose, in the taxonomy's order; `search`: those whose name in
    the caller's language holds it."""
    query = select(Topic).where(Topic.active.is_(True)).order_by(Topic.position, Topic.id)
    if not search:
        return query
    return query.where(_holds(Topic.name_en if _language() == "en" else Topic.name_nl, search))


def topic_or_none(public_id: uuid.UUID) -> Topic | None:
    return db.session.scalar(select(Topic).where(Topic.public_id == public_id,
                                                 Topic.active.is_(True)))


def _holds(column, search: str):
    """The column holds the searched text, in any case; % and _ are plain characters."""
    return func.lower(column).contains(search.lower(), autoescape=True)


def _language() -> str:
    return str(get_locale())
