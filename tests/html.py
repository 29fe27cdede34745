"""Reading pages as a person would: headings, error summary, links."""

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
