"""Reading pages as a person would: headings, error summary, links."""

import re
import uuid

from bs4 import BeautifulSoup


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def heading(response) -> str:
    return parse(response).find("h1").get_text(" ", strip=True)


def error_summary(response) -> list[str]:
    summary = parse(response).select_one(".pn-error-summary")
    return [item.get_text(" ", strip=True) for item in summary.select("li")] if summary else []


def fresh(data: dict) -> dict:
    """A create form's fields as its page sends them: with a new one-time submission key."""
    return {**data, "submission_key": str(uuid.uuid4())}


def unhashed(url: str) -> str:
    """A static file's URL without its content hash: /static/css/app.3f2a9c1b0e4d.css ->
    /static/css/app.css."""
    return re.sub(r"\.[0-9a-f]{12}(\.[A-Za-z0-9]+)$", r"\1", url)
