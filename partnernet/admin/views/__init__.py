"""Every route of the administrators' area, by subject."""

from partnernet.admin.views import (  # noqa: F401 (their routes)
    audit,
    organisations,
    settings,
    topics,
    users,
)
