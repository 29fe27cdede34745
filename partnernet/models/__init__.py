"""All models, imported here so Alembic and the app see every table."""

from partnernet.models.assistance import (
    AssistanceLog,
    AssistanceLogObstacle,
    AssistanceOutcome,
    Channel,
    MunicipalService,
    Obstacle,
)
from partnernet.models.audit import AuditEvent, AuditResult
from partnernet.models.imports import ImportFile
from partnernet.models.organisations import (
    ClaimStatus,
    Closure,
    InformationReport,
    ListingClaim,
    Offer,
    OfferLanguage,
    OfferMode,
    OfferStatus,
    OpeningPeriod,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    ReportSubject,
    SupportPoint,
    Topic,
)
from partnernet.models.outbox import OutboxMessage, OutboxStatus
from partnernet.models.people import (
    ORGANISATION_ROLES,
    SECOND_FACTOR_ROLES,
    RecoveryCode,
    Role,
    User,
    UserSession,
)
from partnernet.models.referrals import (
    ContactPreference,
    DeclineReason,
    DueStep,
    DueTime,
    EventReason,
    FeedbackAnswer,
    Referral,
    ReferralEvent,
    ReferralOutcome,
    ReferralSource,
    ReferralState,
    ResidentFeedback,
    Urgency,
)
from partnernet.models.searches import SearchCount
from partnernet.models.settings import Setting
from partnernet.models.submissions import FormSubmission

__all__ = [
    "AssistanceLog", "AssistanceLogObstacle", "AssistanceOutcome", "AuditEvent", "AuditResult",
    "Channel", "ClaimStatus", "Closure", "ContactPreference", "DeclineReason", "DueStep",
    "DueTime", "EventReason", "FeedbackAnswer", "FormSubmission", "ImportFile",
    "InformationReport", "ListingClaim", "MunicipalService", "Obstacle", "Offer",
    "OfferLanguage", "OfferMode", "OfferStatus", "OpeningPeriod", "Organisation",
    "ORGANISATION_ROLES", "OrganisationKind", "OrganisationStatus", "OutboxMessage",
    "OutboxStatus", "RecoveryCode", "Referral", "ReferralEvent", "ReferralOutcome",
    "ReferralSource", "ReferralState", "ReportSubject", "ResidentFeedback", "Role",
    "SECOND_FACTOR_ROLES", "SearchCount", "Setting", "SupportPoint", "Topic", "Urgency",
    "User", "UserSession",
]
