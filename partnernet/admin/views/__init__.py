"""Every route of the administrators' area, by subject."""

from partnernet.admin.views import audit, settings, users  # noqa: F401 (their routes)
