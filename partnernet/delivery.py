"""How responses travel: static files under content-hashed names, cached for a year, and
responses compressed where that is safe.

`url_for("static", filename="css/app.css")` gives `/static/css/app.<hash>.css`. A new version of
a file has a new name, so a browser may keep each name for a year without asking again.

Compression (brotli or gzip, Flask-Compress) applies to static files and to pages for visitors
who are not signed in. Pages of signed-in users are sent as they are: they carry CSRF tokens and
personal data next to text from the request, the mix a BREACH attack guesses at through the
compressed length. Set PARTNERNET_COMPRESS=0 where a proxy compresses instead (README)."""

import hashlib
import mimetypes
import re
from pathlib import Path

from flask import Flask, current_app, request, send_from_directory, session
from flask_compress import Compress

from partnernet.access import public

ONE_YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 12
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})"
                         r"(?P<suffix>\.[A-Za-z0-9]+)$")
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                    "application/json", "application/geo+json", "image/svg+xml", "text/csv",
                    "text/plain"]

compress = Compress()
mimetypes.add_type("application/geo+json", ".geojson")


class StaticDigests:
    """The content hash of each static file, read again only when the file changes."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def digest(self, filename: str) -> str | None:
        path = self.folder / filename
        try:
            stat = path.stat()
        except OSError:
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known is None or known[0] != version:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_LENGTH]
            known = self._known[filename] = (version, digest)
        return known[1]

    def hashed_name(self, filename: str) -> str:
        stem, dot, suffix = filename.rpartition(".")
        digest = self.digest(filename)
        if not dot or "/" in suffix or digest is None:
            return filename
        return f"{stem}.{digest}.{suffix}"


def register_delivery(app: Flask) -> None:
    digests = StaticDigests(app.static_folder or "static")
    app.extensions["partnernet.static_digests"] = digests

    @app.url_defaults
    def hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = digests.hashed_name(values["filename"])

    app.view_functions["static"] = send_static_file
    app.config.update(COMPRESS_REGISTER=False, COMPRESS_MIMETYPES=COMPRESSED_TYPES,
                      COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_STREAMS=False,
                      COMPRESS_BR_LEVEL=5)
    compress.init_app(app)
    app.after_request(compress_when_safe)


@public
def send_static_file(filename: str):
    """A hashed name that matches the file: cached for a year. Any other name: the browser
    asks again each time (an ETag keeps that cheap)."""
    digests: StaticDigests = current_app.extensions["partnernet.static_digests"]
    hashed = HASHED_NAME.match(filename)
    if hashed:
        real = hashed["stem"] + hashed["suffix"]
        if digests.digest(real) == hashed["digest"]:
            response = _static(real, max_age=ONE_YEAR)
            response.cache_control.public = True
            response.cache_control.immutable = True
            return response
        if digests.digest(real) is not None:  # an older page asks for a file since changed
            return _static(real, max_age=0)
    return _static(filename, max_age=0)


def _static(filename: str, max_age: int):
    response = send_from_directory(current_app.static_folder or "static", filename,
                                   max_age=max_age)
    if response.status_code == 200:  # read the (small) file, so it can be compressed whole
        response.direct_passthrough = False
        response.make_sequence()
    return response


def compress_when_safe(response):
    if not current_app.config["COMPRESS"]:
        return response
    # The session, not current_user: this runs for error pages too, when the database that
    # would load the user may be down.
    if request.endpoint == "static" or "_user_id" not in session:
        return compress.after_request(response)
    return response
