"""Language: ?lang=nl|en (remembered in the session), else the browser's, Dutch by default."""

from flask import current_app, request, session, url_for

from partnernet.extensions import babel
from partnernet.links import this_page_url


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    best = request.accept_languages.best_match(languages)
    return str(best or current_app.config["BABEL_DEFAULT_LOCALE"])


def remember_chosen_language() -> None:
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen


def register_i18n(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(remember_chosen_language)


def language_url(code: str) -> str:
    """The current page in another language (after a POST, and on error pages, the start
    page)."""
    if request.method != "GET":
        return url_for("main.index", lang=code)
    return this_page_url(lang=code)
