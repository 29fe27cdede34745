"""Every route of the assistance blueprint, by audience."""

from partnernet.assistance.views import follow_ups, lists, services_list, volunteers  # noqa: F401 (their routes)
