"""Every route of the partners blueprint, by audience."""

from partnernet.partners.views import registration, self_service, staff, team  # noqa: F401 (their routes)
