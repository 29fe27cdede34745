"""An uploaded import file, kept between its dry run and its import (models.ImportFile): the
administrator's pages read it again at each step, so what is imported is what was checked."""

import uuid
from collections.abc import Iterator

from sqlalchemy import select

from partnernet.api.imports.applying import apply_in_steps
from partnernet.api.imports.planning import Decision, Line, Plan, plan
from partnernet.api.imports.reading import read
from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.models import ImportFile


def keep(name: str, content: bytes, uploaded_by) -> ImportFile:
    """Keeps a file that read without error as a whole (reading.read raised nothing)."""
    printable = "".join(character for character in name if character.isprintable())
    kept = ImportFile(name=printable[:255] or "import", content=content,
                      uploaded_by_id=getattr(uploaded_by, "id", None))
    db.session.add(kept)
    db.session.commit()
    return kept


def kept_or_none(public_id: uuid.UUID) -> ImportFile | None:
    return db.session.scalar(select(ImportFile).where(ImportFile.public_id == public_id))


def dry_run(kept: ImportFile, decisions: dict[str, str] | None = None) -> Plan:
    """The file's plan; `decisions`: what to do with each likely duplicate, by
    `decision_key(line)` (those not named wait for a decision)."""
    chosen = decisions or {}

    def decide(line: Line) -> Decision:
        answer = chosen.get(decision_key(line), Decision.ASK)
        return Decision(answer) if answer in set(Decision) else Decision.ASK
    return plan(read(kept.name, kept.content), decide)


def decision_key(line: Line) -> str:
    return f"{line.kind}-{line.key}"


def import_in_steps(kept: ImportFile, checked: Plan, actor) -> Iterator[tuple[int, int]]:
    """Imports the checked plan of the file, all or nothing, telling (records done, of how
    many) along the way; the file is marked as imported in the same transaction. Raises
    NotReady, writing nothing, when the plan cannot be applied."""
    kept.applied_at = utcnow()
    yield from apply_in_steps(checked, actor)
