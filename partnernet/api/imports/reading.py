"""An import file, whatever it is: an HSDS 3.0 JSON export, an HSDS tabular datapackage (a
zip of CSV files), or our own CSV template. Told apart by their content, not their name;
read into a Bundle. A file that cannot be read at all raises UnreadableFile, saying why."""

import csv
import io
import json
import zipfile

from flask_babel import lazy_gettext as _l

from partnernet.api.imports import hsds_in, template
from partnernet.api.imports.records import Bundle

MAX_BYTES = 20 * 1024 * 1024  # a region's whole directory is a few MB
MAX_UNPACKED = 200 * 1024 * 1024  # what a zip may hold once unpacked (a zip bomb is refused)


class UnreadableFile(ValueError):
    """The file as a whole cannot be imported; args[0] says why (a lazy text)."""


def read(name: str, content: bytes) -> Bundle:
    if len(content) > MAX_BYTES:
        raise UnreadableFile(too_large())
    if not content.strip():
        raise UnreadableFile(_l("The file is empty."))
    if content.startswith(b"PK\x03\x04"):
        return _datapackage(content)
    text, notes = decoded(content)
    if text.lstrip()[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise UnreadableFile(_l("This is not valid JSON: %(error)s.",
                                    error=getattr(error, "msg", str(error)))) from None
        bundle = hsds_in.from_json(name, document)
    else:
        bundle = template.from_csv(name, text)
    bundle.notes[:0] = notes
    return bundle


def too_large():
    return _l("The file is larger than %(most)s MB, the most that can be imported at once. "
              "Split it, or import a datapackage (a zip).", most=MAX_BYTES // 1024 // 1024)


def decoded(content: bytes) -> tuple[str, list]:
    """The text of a file: UTF-8 (with or without the mark Excel puts first), or else
    Windows-1252, in which Excel on Windows saves "CSV" in the Netherlands."""
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), [_l("The file is not UTF-8; it was read as "
                                             "Windows-1252 (as Excel saves CSV). Check the "
                                             "accents in the names.")]
    except UnicodeDecodeError:
        raise UnreadableFile(_l("This is not a text file. Save it as CSV (UTF-8) or import "
                                "JSON or a datapackage (zip).")) from None


def _datapackage(content: bytes) -> Bundle:
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UnreadableFile(_l("The zip file is damaged.")) from None
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        raise UnreadableFile(_l("The zip file unpacks to more than %(most)s MB.",
                                most=MAX_UNPACKED // 1024 // 1024))
    tables: dict[str, list[dict]] = {}
    notes: list = []
    for member in members:
        name = member.filename.rsplit("/", 1)[-1]
        if not name.endswith(".csv") or member.is_dir():
            continue
        try:
            raw = package.read(member)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise UnreadableFile(_l("The zip file is damaged.")) from None
        text, found_notes = decoded(raw)
        if not notes:  # once, however many files were read so
            notes.extend(found_notes)
        tables[name] = _csv_rows(name, text)
    if "services.csv" not in tables or "organizations.csv" not in tables:
        raise UnreadableFile(_l("This zip is not an HSDS datapackage: it needs at least "
                                "organizations.csv and services.csv."))
    bundle = hsds_in.from_tables(tables)
    bundle.notes[:0] = notes
    return bundle


def _csv_rows(name: str, text: str) -> list[dict]:
    """A CSV file's rows as {column: text}; the header is row 1."""
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), restval="", strict=True))
    except csv.Error as error:
        raise UnreadableFile(_l("%(file)s is not valid CSV: %(error)s.", file=name,
                                error=str(error))) from None
    return rows
