"""The figures anyone may see, per quarter: help given and requests for help by topic and by
wijk, how many residents were helped further, and what residents said of the help.

Every count goes through suppression (suppression.py) before it leaves the municipality, and
the rows of each table keep a fixed order (topics in their list order, wijken by name), so the
order gives no hidden count away. Each figure has one definition (DEFINITIONS), printed on the
page and written into the CSV beside it."""

from collections import Counter
from dataclasses import dataclass, replace

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnernet.extensions import db
from partnernet.geo.neighbourhoods import wijk_names, wijk_of_postcode_area
from partnernet.models import AssistanceLog, Referral, ResidentFeedback, Topic
from partnernet.models.assistance import assistance_log_topics
from partnernet.reports.definitions import pick
from partnernet.reports.periods import NamedPeriod
from partnernet.reports.referral_figures import Tally, helped_further, requests_made
from partnernet.reports.suppression import THRESHOLD, is_small, suppress
from partnernet.spreadsheets import BOM, CsvText
from partnernet.vocabulary import FEEDBACK_ANSWER_NAMES

LICENCE_NAME = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"

DEFINITIONS = pick("help_by_topic", "help_by_wijk", "requests_by_topic", "requests_by_wijk",
                   "helped_further", "judgement", help="acts", requests="made")
UNKNOWN_TOPIC = _l("No topic given")
UNKNOWN_WIJK = _l("Postcode area not given or outside the municipality")


@dataclass(frozen=True)
class PublicTable:
    key: str
    title: str
    total: Tally
    rows: list[Tally] | None  # None: withheld, too few to show without giving one away

    @property
    def definition(self) -> str:
        return str(DEFINITIONS[self.key])

    @property
    def withheld(self) -> bool:
        return self.rows is None


@dataclass(frozen=True)
class PublicFigures:
    period: NamedPeriod
    tables: list[PublicTable]

    def table(self, key: str) -> PublicTable:
        return next(table for table in self.tables if table.key == key)

    @property
    def helped_further_percent(self) -> int | None:
        """Shown only when neither part is hidden: a share gives its parts away."""
        table = self.table("helped_further")
        if table.rows is None or table.total.suppressed or not table.total.value or any(
                row.suppressed for row in table.rows):
            return None
        return round(100 * table.rows[0].value / table.total.value)


def public_figures(period: NamedPeriod) -> PublicFigures:
    help_total, requests_total = acts_of_help(period), requests_made(period)
    helped = helped_further(period)
    answers = judgement(period)
    return PublicFigures(period, [
        _table("help_by_topic", _l("Acts of help by topic"), help_total, help_by_topic(period)),
        _table("help_by_wijk", _l("Acts of help by wijk"), help_total, help_by_wijk(period)),
        _table("requests_by_topic", _l("Requests for help by topic"), requests_total,
               requests_by_topic(period)),
        _table("requests_by_wijk", _l("Requests for help by wijk"), requests_total,
               requests_by_wijk(period)),
        _table("helped_further", _l("Requests closed: helped further or not"), helped.whole,
               [Tally(str(_l("Helped further")), helped.part),
                Tally(str(_l("Not helped further")), helped.whole - helped.part)]),
        _table("judgement", _l("Did you get the help you needed?"), sum(answers.values()),
               [Tally(str(name), answers.get(code, 0))
                for code, name in FEEDBACK_ANSWER_NAMES.items()]),
    ])


def _table(key: str, title, total: int, rows: list[Tally]) -> PublicTable:
    shown_total = Tally(str(_l("Total")), total)
    if is_small(shown_total):
        shown_total = replace(shown_total, suppressed=True)
    return PublicTable(key, str(title), shown_total,
                       suppress(rows, total_shown=not shown_total.suppressed))


def acts_of_help(period: NamedPeriod) -> int:
    return db.session.scalar(select(func.count()).select_from(AssistanceLog).where(
        AssistanceLog.given_on.between(period.start, period.end))) or 0


def _topic_rows(found: Counter) -> list[Tally]:
    """Every topic in its list order (retired ones only where counted), then no topic."""
    english = str(get_locale()) == "en"
    topics = db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)).all()
    rows = [Tally(topic.name_en if english else topic.name_nl, found.get(topic.id, 0))
            for topic in topics if topic.active or found.get(topic.id)]
    if found.get(None):
        rows.append(Tally(str(UNKNOWN_TOPIC), found[None]))
    return rows


def _wijk_rows(by_area: Counter) -> list[Tally]:
    """Every wijk by name, then what has no known postcode area in the municipality."""
    wijk_of = wijk_of_postcode_area()
    found: Counter = Counter()
    for area, count in by_area.items():
        found[wijk_of.get(area or "")] += count
    rows = [Tally(name, found.get(name, 0)) for name in wijk_names()]
    return rows + [Tally(str(UNKNOWN_WIJK), found.get(None, 0))]


def help_by_topic(period: NamedPeriod) -> list[Tally]:
    rows = db.session.execute(
        select(assistance_log_topics.c.topic_id, func.count()).select_from(AssistanceLog)
        .join(assistance_log_topics, assistance_log_topics.c.assistance_log_id == AssistanceLog.id)
        .where(AssistanceLog.given_on.between(period.start, period.end))
        .group_by(assistance_log_topics.c.topic_id)).all()
    return _topic_rows(Counter(dict(rows)))


def help_by_wijk(period: NamedPeriod) -> list[Tally]:
    rows = db.session.execute(
        select(AssistanceLog.postcode_area, func.count())
        .where(AssistanceLog.given_on.between(period.start, period.end))
        .group_by(AssistanceLog.postcode_area)).all()
    return _wijk_rows(Counter(dict(rows)))


def requests_by_topic(period: NamedPeriod) -> list[Tally]:
    rows = db.session.execute(
        select(Referral.topic_id, func.count()).where(period.holds(Referral.created_at))
        .group_by(Referral.topic_id)).all()
    return _topic_rows(Counter(dict(rows)))


def requests_by_wijk(period: NamedPeriod) -> list[Tally]:
    rows = db.session.execute(
        select(Referral.postcode_area, func.count()).where(period.holds(Referral.created_at))
        .group_by(Referral.postcode_area)).all()
    return _wijk_rows(Counter(dict(rows)))


def judgement(period: NamedPeriod) -> Counter:
    return Counter(dict(db.session.execute(
        select(ResidentFeedback.answer, func.count())
        .where(ResidentFeedback.given_on.between(period.start, period.end))
        .group_by(ResidentFeedback.answer)).all()))


CSV_COLUMNS = ("period", "figure", "category", "count", "shown_as", "definition")


def public_csv(figures: PublicFigures) -> str:
    """One row per figure shown on the page: a hidden count has no number, only what the page
    says in its place."""
    rows: list[tuple] = [CSV_COLUMNS]
    for table in figures.tables:
        cells = [table.total, *(table.rows or [])]
        for tally in cells:
            rows.append((figures.period.key, table.key, tally.label,
                         "" if tally.suppressed else tally.value, _shown_as(tally),
                         table.definition))
        if table.rows is None:
            rows.append((figures.period.key, table.key, "", "", str(WITHHELD), table.definition))
    return BOM + CsvText("en").rows(rows)  # comma-separated, as open data is


WITHHELD = _l("too few to show")


def _shown_as(tally: Tally) -> str:
    if not tally.suppressed:
        return str(tally.value)
    if tally.value < THRESHOLD:
        return str(_l("fewer than %(threshold)d", threshold=THRESHOLD))
    return str(_l("not shown"))
