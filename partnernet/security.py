"""Security headers and the Content-Security-Policy, set in one place for every response."""

import secrets

from flask import current_app, g, request, session

from partnernet.embedding import embed_origins, frame_ancestors

SIGN_IN_TOKEN = "sid"  # the session key that holds a signed-in user's token

# Pages without sign-in that show a resident's request: through a signed link, or after the
# resident typed their code and postcode. Nothing of them may stay in a cache.
PRIVATE_WITHOUT_SIGN_IN = frozenset({"referrals.answer", "referrals.answer_step",
                                     "referrals.status", "referrals.feedback",
                                     "auth.enter_code", "auth.set_up_at_sign_in"})


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str, tile_hosts: str = "",
                            ancestors: str = "'none'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            f"img-src 'self' data: {tile_hosts}".strip(),
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


# A static file runs no inline script or style: no nonce, and none of the page-only policies
# (each of a page's requests would carry them).
STATIC_FILE_POLICY = ("default-src 'self'; object-src 'none'; base-uri 'none'; "
                      "frame-ancestors 'none'")


def set_security_headers(response):
    headers = response.headers
    headers["Strict-Transport-Security"] = (
        f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains"
    )
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if request.endpoint == "static":
        headers["X-Frame-Options"] = "DENY"
        headers["Content-Security-Policy"] = STATIC_FILE_POLICY
        return response
    ancestors = frame_ancestors()
    if ancestors == "'none'":  # browsers without frame-ancestors: X-Frame-Options knows no list
        headers["X-Frame-Options"] = "DENY"
    headers["Content-Security-Policy"] = content_security_policy(
        csp_nonce(), current_app.config.get("MAP_TILE_HOSTS", ""), ancestors
    )
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), payment=(), geolocation=(self)"
    # Any request that carries a sign-in token: decided without the database, so that the
    # headers go out also while it is down.
    if SIGN_IN_TOKEN in session or request.endpoint in PRIVATE_WITHOUT_SIGN_IN:
        headers["Cache-Control"] = "no-store"
    return response


def register_security_headers(app) -> None:
    app.config["EMBED_ORIGINS"] = embed_origins(app.config.get("EMBED_ORIGINS") or "")
    app.after_request(set_security_headers)
