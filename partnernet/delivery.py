"""How responses travel: static files under content-hashed names, cached for a year, and
responses compressed where that is safe.

`url_for("static", filename="css/app.css")` gives `/static/css/app.<hash>.css`. A new version of
a file has a new name, so a browser may keep each name for a year without asking again.

Compression (brotli or gzip) applies to static files, compressed once per version at the highest
level and kept in memory, and (through Flask-Compress) to pages for visitors who are not signed
in. Pages of signed-in users are sent as they are: they carry CSRF tokens and
personal data next to text from the request, the mix a BREACH attack guesses at through the
compressed length. Set PARTNERNET_COMPRESS=0 where a proxy compresses instead (README)."""

import gzip
import hashlib
import mimetypes
import re
from pathlib import Path

import brotli
from flask import Flask, current_app, request, send_from_directory, session
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress

from partnernet.access import public
from partnernet.problems import API_PREFIX

ONE_YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 12
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})"
                         r"(?P<suffix>\.[A-Za-z0-9]+)$")
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                    "application/json", "application/geo+json", "image/svg+xml", "text/csv",
                    "text/plain"]

# A file's forms on the wire, best first: compressed once at the highest level and kept.
STATIC_ENCODINGS = {"br": lambda body: brotli.compress(body, quality=11),
                    "gzip": lambda body: gzip.compress(body, compresslevel=9, mtime=0)}
# Headers a file (not a page) has no use for: Flask's defaults that repeat Cache-Control or
# name the file, on every one of a page's requests.
FILE_HEADERS_LEFT_OUT = ("Expires", "Content-Disposition")

compress = Compress()
mimetypes.add_type("application/geo+json", ".geojson")


class StaticDigests:
    """The content hash of each static file, read again only when the file changes."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._known: dict[str, tuple[tuple[int, int], str]] = {}
        self._compressed: dict[tuple[str, str], tuple[str | None, bytes]] = {}

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

    def compressed(self, filename: str, encoding: str) -> bytes:
        """The file compressed with `encoding`, made once per version of the file."""
        key = (filename, encoding)
        digest = self.digest(filename)
        kept = self._compressed.get(key)
        if kept is None or kept[0] != digest:
            body = STATIC_ENCODINGS[encoding]((self.folder / filename).read_bytes())
            kept = self._compressed[key] = (digest, body)
        return kept[1]

    def hashed_name(self, filename: str) -> str:
        stem, dot, suffix = filename.rpartition(".")
        digest = self.digest(filename)
        if not dot or "/" in suffix or digest is None:
            return filename
        return f"{stem}.{digest}.{suffix}"


class SessionNotOnFiles(SecureCookieSessionInterface):
    """Static files leave the session alone: no renewed cookie and no `Vary: Cookie` on each
    of a page's files. The open-data API never sets a cookie at all."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint != "static" and not request.path.startswith(API_PREFIX):
            super().save_session(app, session, response)


def register_delivery(app: Flask) -> None:
    digests = StaticDigests(app.static_folder or "static")
    app.extensions["partnernet.static_digests"] = digests

    @app.url_defaults
    def hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = digests.hashed_name(values["filename"])

    app.view_functions["static"] = send_static_file
    app.session_interface = SessionNotOnFiles()
    app.config.update(COMPRESS_REGISTER=False, COMPRESS_MIMETYPES=COMPRESSED_TYPES,
                      COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_STREAMS=False,
                      COMPRESS_BR_LEVEL=5)
    compress.init_app(app)
    app.after_request(compress_when_safe)


@public
def plain_static_name(filename: str) -> str:
    """'css/report.0123456789ab.css' -> 'css/report.css'; any other name stays as it is."""
    hashed = HASHED_NAME.match(filename)
    return hashed["stem"] + hashed["suffix"] if hashed else filename


def send_static_file(filename: str):
    """A hashed name that matches the file: cached for a year. Any other name: the browser
    asks again each time (an ETag keeps that cheap)."""
    digests: StaticDigests = current_app.extensions["partnernet.static_digests"]
    hashed = HASHED_NAME.match(filename)
    if hashed:
        real = hashed["stem"] + hashed["suffix"]
        if digests.digest(real) == hashed["digest"]:
            return _static(real, immutable=True)
        if digests.digest(real) is not None:  # an older page asks for a file since changed
            return _static(real)
    return _static(filename)


def _static(filename: str, immutable: bool = False):
    response = send_from_directory(current_app.static_folder or "static", filename,
                                   max_age=ONE_YEAR if immutable else 0)
    for name in FILE_HEADERS_LEFT_OUT:
        response.headers.pop(name, None)
    if response.status_code == 200 and response.mimetype in COMPRESSED_TYPES \
            and current_app.config["COMPRESS"]:
        _encode(response, filename)
    if immutable and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.immutable = True
        for name in ("ETag", "Last-Modified"):  # the browser never asks again
            response.headers.pop(name, None)
    return response


def _encode(response, filename: str) -> None:
    """The kept compressed form the browser accepts, under an ETag of its own, so that a
    browser revalidating a plain name gets a 304."""
    digests: StaticDigests = current_app.extensions["partnernet.static_digests"]
    response.vary.add("Accept-Encoding")
    encoding = request.accept_encodings.best_match(list(STATIC_ENCODINGS))
    digest = digests.digest(filename) or ""
    if encoding is None:
        response.set_etag(digest)
    else:
        response.close()  # the file on disk is not sent: its kept compressed form is
        response.direct_passthrough = False
        response.set_data(digests.compressed(filename, encoding))
        response.headers["Content-Encoding"] = encoding
        response.headers.pop("Accept-Ranges", None)
        response.set_etag(f"{digest}-{encoding}")
    response.make_conditional(request)


def compress_when_safe(response):
    if not current_app.config["COMPRESS"]:
        return response
    # The session, not current_user: this runs for error pages too, when the database that
    # would load the user may be down.
    if request.endpoint != "static" and "_user_id" not in session:
        return compress.after_request(response)
    return response
