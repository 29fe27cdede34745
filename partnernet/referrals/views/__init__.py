"""Every route of the referrals blueprint, by audience."""

from partnernet.referrals.views import (  # noqa: F401 (their routes)
    answers,
    partners,
    residents,
    rights,
    staff,
)
