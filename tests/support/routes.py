"""Walking the app's routes, for the tests that must hold for every route."""

import uuid

PUBLIC_ENDPOINTS = {
    "static", "main.index", "main.about", "main.healthz", "auth.login", "auth.signed_out",
    "auth.enter_code", "auth.set_up_at_sign_in", "main.privacy", "main.accessibility",
    "main.security_txt",
    "directory.search", "directory.point", "directory.point_slip", "directory.offer",
    "directory.organisation", "directory.report", "auth.accept_invitation",
    "auth.request_password_reset", "auth.reset_password", "partners.register",
    "partners.registered", "referrals.help_request", "referrals.help_thanks",
    "referrals.status", "referrals.feedback", "referrals.feedback_thanks", "referrals.answer",
    "partners.claim_listing", "partners.claim_sent",
    "referrals.answer_step", "partners.confirm_address",
    "reports.public_figures_page", "reports.public_figures_csv",
    "api.root", "api.taxonomies", "api.taxonomy", "api.taxonomy_terms", "api.taxonomy_term",
    "api.organizations", "api.organization", "api.services", "api.service",
    "api.service_at_locations", "api.service_at_location", "api.openapi_document",
    "api.datapackage_zip",
    "directory.embed_search", "directory.embed_point", "directory.embed_help",
}
SAMPLE_ARGUMENTS = {"integer": 1, "string": "x", "uuid": uuid.UUID(int=1), "path": "x"}


def sample_url(app, rule) -> str:
    arguments = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        if kind == "any":
            arguments[name] = sorted(converter.items)[0]
        else:
            arguments[name] = SAMPLE_ARGUMENTS.get(kind, "x")
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **arguments)


def routes(app, method: str | None = None):
    """(rule, url) for every route (with this method), static files excluded."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or (method and method not in rule.methods):
            continue
        yield rule, sample_url(app, rule)
