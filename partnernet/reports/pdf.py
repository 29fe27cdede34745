"""Pages as PDF, drawn on the server by WeasyPrint (with Debian's Pango). The page's own
stylesheets come from the static folder; nothing is fetched from another host, so a report
renders the same offline and cannot be made to reach out."""

from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app

from partnernet.delivery import plain_static_name


class BlockedResource(ValueError):
    """Something a page asked for that is not one of our own static files."""


def _static_only(url: str):
    from weasyprint.urls import URLFetcherResponse

    path = urlsplit(url).path
    prefix = f"{current_app.static_url_path}/"
    if not path.startswith(prefix):
        raise BlockedResource(url)
    static_folder = Path(current_app.static_folder or "").resolve()
    file = (static_folder / plain_static_name(path.removeprefix(prefix))).resolve()
    if static_folder not in file.parents or not file.is_file():
        raise BlockedResource(url)
    return URLFetcherResponse(url, file.read_bytes(),
                              headers={"Content-Type": _mime_type(file)})


def _mime_type(file: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        file.suffix, "application/octet-stream")


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load here: the system lacks Pango."""


def pdf_of(html: str) -> bytes:
    try:
        from weasyprint import HTML  # slow to import: only where a PDF is asked for
    except OSError as missing:  # WeasyPrint loads Pango when it is imported
        raise PdfUnavailable(str(missing)) from missing

    return HTML(string=html, base_url="http://partnernet.invalid/",
                url_fetcher=_static_only).write_pdf()
