"""Every route of the referrals blueprint, by audience."""

from partnernet.referrals.views import partners, residents, staff  # noqa: F401 (their routes)
