"""Language: ?lang=nl|en (remembered in the session), else the browser's, Dutch by default."""

from flask import current_app, g, request, session, url_for
from flask_babel import get_locale, get_translations

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


def request_translations():
    """The translations of the current language, found once per request and language:
    Flask-Babel looks them up anew for each text, some 200 times on a page of results. Keyed by
    the locale, so that an e-mail rendered under force_locale gets its own language."""
    locale = get_locale()
    kept = g.get("_pn_translations")
    if kept is None or kept[0] is not locale:
        kept = g._pn_translations = (locale, get_translations())
    return kept[1]


def register_i18n(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: request_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(
            context, singular, plural, n),
        newstyle=True)
    app.before_request(remember_chosen_language)


def language_url(code: str) -> str:
    """The current page in another language (after a POST, and on error pages, the start
    page)."""
    if request.method != "GET":
        return url_for("main.index", lang=code)
    return this_page_url(lang=code)
