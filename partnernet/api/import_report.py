"""A dry run (or an import) in words, line by line, for the command line: how many records
of each kind are new, changed, unchanged, left out or wrong, then each error with its row
and field, each likely duplicate, and what changes."""

from collections.abc import Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnernet.api.imports import Outcome, Plan

KINDS = {"organisation": _l("Organisations"), "place": _l("Places"), "offer": _l("Offers")}
KIND_NAMES = {"organisation": _l("organisation"), "place": _l("place"), "offer": _l("offer")}


def lines(plan: Plan) -> Iterator[str]:
    counts = plan.counts()
    for kind, title in KINDS.items():
        yield _("%(kind)s: %(new)s new, %(updated)s changed, %(unchanged)s unchanged, "
                "%(duplicates)s likely duplicates, %(skipped)s left out, %(errors)s with "
                "errors", kind=title, new=counts[kind, Outcome.CREATE],
                updated=counts[kind, Outcome.UPDATE], unchanged=counts[kind, Outcome.UNCHANGED],
                duplicates=counts[kind, Outcome.DUPLICATE], skipped=counts[kind, Outcome.SKIP],
                errors=counts[kind, Outcome.ERROR])
    if plan.problems:
        yield _("Errors (row, field: what is wrong):")
        for problem in plan.problems:
            yield f"  {problem.source}, {problem.field or '-'}: {problem.reason}"
    if plan.undecided:
        yield _("Likely duplicates of what partnernet has (choose with --duplicates):")
        for line in plan.undecided:
            yield "  " + _("%(kind)s “%(name)s” (%(source)s) resembles “%(ours)s”",
                           kind=KIND_NAMES[line.kind], name=line.name, source=line.source,
                           ours=line.existing_name)
    changed = [line for line in plan.lines if line.outcome == Outcome.UPDATE]
    if changed:
        yield _("Changes:")
        for line in changed:
            yield "  " + _("%(kind)s “%(name)s” (%(source)s): %(fields)s",
                           kind=KIND_NAMES[line.kind], name=line.name, source=line.source,
                           fields=", ".join(line.changes))
    for note in plan.bundle.notes:
        yield str(note)
