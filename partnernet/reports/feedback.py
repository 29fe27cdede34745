"""What residents answered to "Did you get the help you needed?", per partner."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from partnernet.extensions import db
from partnernet.models import FeedbackAnswer, Organisation, ResidentFeedback


@dataclass
class PartnerFeedback:
    name: str
    answers: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.answers.values())

    def count(self, answer: FeedbackAnswer) -> int:
        return self.answers.get(answer, 0)


def feedback_per_partner(start: date, end: date) -> list[PartnerFeedback]:
    """Answers given from `start` to `end`, per partner (most answers first)."""
    rows = db.session.execute(
        select(func.coalesce(Organisation.name, ""), ResidentFeedback.answer, func.count())
        .select_from(ResidentFeedback)
        .outerjoin(Organisation, Organisation.id == ResidentFeedback.organisation_id)
        .where(ResidentFeedback.given_on.between(start, end))
        .group_by(Organisation.name, ResidentFeedback.answer))
    partners: dict[str, PartnerFeedback] = {}
    for name, answer, count in rows:
        partners.setdefault(name, PartnerFeedback(name)).answers[answer] = count
    return sorted(partners.values(), key=lambda partner: (-partner.total, partner.name))
