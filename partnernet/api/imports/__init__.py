"""Importing a directory from a file (`flask partnernet import`, and the administrators'
import page): an HSDS 3.0 JSON export or tabular datapackage, or our own CSV template. Read
(reading.py), then a dry run that says what would happen to each record (planning.py), then,
when confirmed, written in one transaction (applying.py)."""

from partnernet.api.imports.applying import NotReady, apply, apply_in_steps
from partnernet.api.imports.planning import Decision, Line, Outcome, Plan, plan, record_count
from partnernet.api.imports.reading import MAX_BYTES, UnreadableFile, read, too_large

__all__ = ["MAX_BYTES", "Decision", "Line", "NotReady", "Outcome", "Plan", "UnreadableFile",
           "apply", "apply_in_steps", "plan", "read", "record_count", "too_large"]
