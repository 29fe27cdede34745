"""The council report: what the zorgplicht came to in a period, beside the period before, on a
few A4 pages a council member reads in ten minutes. It brings together the help partners
logged, the referrals, the services that send residents away, what residents said and looked
for, and the privacy account: how the personal data in partnernet was used.

Every figure comes from the function that defines it for the staff pages and the public page,
with the same definition text; a council report is a public document, so counts of help and
residents go through the same suppression as the public figures."""

from collections import Counter
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, cast, func, select

from partnernet.extensions import db
from partnernet.models import AuditEvent, AuditResult, Organisation
from partnernet.models.assistance_queries import LogFilter
from partnernet.models.referral_queries import count_loop_holes
from partnernet.reports import referral_figures as referrals
from partnernet.reports import search_figures as searches
from partnernet.reports.definitions import pick
from partnernet.reports.periods import NamedPeriod
from partnernet.reports.public_figures import judgement
from partnernet.reports.referral_figures import Tally
from partnernet.reports.services import service_table
from partnernet.reports.summaries import by_channel, by_topic, help_totals
from partnernet.reports.suppression import THRESHOLD, is_small, suppress
from partnernet.spreadsheets import BOM, CsvText
from partnernet.vocabulary import FEEDBACK_ANSWER_NAMES, ROLE_NAMES

TOP_SERVICES = 5
TOP_AREAS = 5
NOT_AVAILABLE = -1  # a share of nothing, a median of no requests: written as "–"
VIEW_ACTIONS = ("referral_view", "resident_view", "referral_status_view",
                "referral_feedback_view")
EXPORT_ACTIONS = ("assistance_export", "audit_export", "resident_export")
# Figures of the privacy account that count audit events: (actions, succeeded or not or any).
PRIVACY_COUNTS = (
    ("exports", _l("Exports"), (EXPORT_ACTIONS, None)),
    ("rights_requests", _l("Requests of residents about their data"),
     (("resident_search",), None)),
    ("records_handed_over", _l("Records handed over to residents"), (("resident_export",), None)),
    ("corrections", _l("Records corrected"), (("resident_correct",), None)),
    ("erasures", _l("Records erased"), (("resident_erase",), None)),
    ("failed_sign_ins", _l("Failed sign-ins"), (("login", "login_code"), False)),
    ("lockouts", _l("Lockouts"), (("account_locked",), None)),
)

DEFINITIONS = pick(
    "acts", "hours", "help_by_topic", "help_by_channel", "services", "made", "closed",
    "helped_further", "to_first_contact", "to_close", "declines", "overdue", "holes",
    "judgement", "searches", "without_help_nearby", "areas_without_help", "views", "exports",
    "rights_requests", "records_handed_over", "corrections", "erasures", "purged",
    "failed_sign_ins", "lockouts")


@dataclass(frozen=True)
class Figure:
    """One line of the report: a value now and in the period before."""

    key: str  # of its definition
    label: str
    now: Tally
    before: Tally | None = None  # None: a figure of today, not of a period
    kind: str = "count"  # or "hours", "percent", "days"
    group: str | None = None  # the heading of a breakdown the figure is a row of


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class CouncilReport:
    period: NamedPeriod
    previous: NamedPeriod
    sections: list[Section]

    def figures(self):
        for section in self.sections:
            for figure in section.figures:
                yield section, figure


def council_report(period: NamedPeriod) -> CouncilReport:
    previous = period.previous()
    return CouncilReport(period, previous, [
        _help_section(period, previous),
        _referral_section(period, previous),
        _service_section(period, previous),
        _residents_section(period, previous),
        _privacy_section(period, previous),
    ])


def _count(label: str, value: int) -> Tally:
    return Tally(label, value)


def _shown(rows: list[Tally], total: int) -> list[Tally]:
    """Counts of help and residents as a public document may show them; a breakdown that
    cannot be shown at all reads 'not shown' throughout."""
    shown = suppress(rows, total_shown=total >= THRESHOLD)
    if shown is None:
        return [replace(row, value=THRESHOLD, suppressed=True) for row in rows]
    return shown


def _side_by_side(key: str, group, now_rows: list[Tally], before_rows: list[Tally],
                  now_total: int, before_total: int) -> list[Figure]:
    """Rows of a breakdown in both periods, each period suppressed on its own."""
    now_shown = {row.label: row for row in _shown(now_rows, now_total)}
    before_shown = {row.label: row for row in _shown(before_rows, before_total)}
    labels = [row.label for row in now_rows] + [
        row.label for row in before_rows if row.label not in now_shown]
    return [Figure(key, label, now_shown.get(label, Tally(label, 0)),
                   before_shown.get(label, Tally(label, 0)), group=str(group))
            for label in labels]


def _small_hidden(tally: Tally) -> Tally:
    return replace(tally, suppressed=True) if is_small(tally) else tally


def _help_section(period: NamedPeriod, previous: NamedPeriod) -> Section:
    now_filter, before_filter = (LogFilter(period.start, period.end),
                                 LogFilter(previous.start, previous.end))
    (acts, minutes), (acts_before, minutes_before) = (help_totals(now_filter),
                                                      help_totals(before_filter))
    section = Section("help", str(_l("Help given by partners")), [
        Figure("acts", str(_l("Acts of help")), _small_hidden(_count("", acts)),
               _small_hidden(_count("", acts_before))),
        Figure("hours", str(_l("Hours of help")), _hours(acts, minutes),
               _hours(acts_before, minutes_before), kind="hours"),
    ])
    section.figures += _side_by_side(
        "help_by_topic", _l("Acts of help by topic"),
        _tallies(by_topic(now_filter).rows, by_label=True),
        _tallies(by_topic(before_filter).rows, by_label=True), acts, acts_before)
    section.figures += _side_by_side(
        "help_by_channel", _l("Acts of help by way of helping"),
        _tallies(by_channel(now_filter).rows), _tallies(by_channel(before_filter).rows), acts,
        acts_before)
    return section


def _hours(acts: int, minutes: int) -> Tally:
    """Hidden with the acts of help when those are few, as the staff figures do."""
    return Tally("", round(minutes / 60), suppressed=is_small(Tally("", acts)))


def _tallies(rows, *, by_label: bool = False) -> list[Tally]:
    """Rows in an order that does not depend on their counts (a fixed list, or by name)."""
    tallies = [Tally(row.label, row.acts) for row in rows]
    return sorted(tallies, key=lambda tally: tally.label) if by_label else tallies


def _referral_section(period: NamedPeriod, previous: NamedPeriod) -> Section:
    def both(function, *args):
        return function(period, *args), function(previous, *args)

    made, made_before = both(referrals.requests_made)
    helped, helped_before = both(referrals.helped_further)
    closed, closed_before = helped.whole, helped_before.whole  # every request closed
    contact, contact_before = both(referrals.to_first_contact)
    to_close, to_close_before = both(referrals.to_close)
    declined, declined_before = (sum(row.declines for row in rows)
                                 for rows in both(referrals.declines))
    return Section("referrals", str(_l("Referrals and requests for help")), [
        Figure("made", str(_l("Requests made")), _small_hidden(_count("", made)),
               _small_hidden(_count("", made_before))),
        Figure("closed", str(_l("Requests closed")), _small_hidden(_count("", closed)),
               _small_hidden(_count("", closed_before))),
        Figure("helped_further", str(_l("Helped further")), _percent(helped),
               _percent(helped_before), kind="percent"),
        Figure("to_first_contact", str(_l("Working days to first contact (median)")),
               _days(contact.median), _days(contact_before.median), kind="days"),
        Figure("to_close", str(_l("Working days to closing (median)")), _days(to_close.median),
               _days(to_close_before.median), kind="days"),
        Figure("declines", str(_l("Declines by partners")), _count("", declined),
               _count("", declined_before)),
        Figure("overdue", str(_l("Escalations")),
               _count("", referrals.escalations(period)[0]),
               _count("", referrals.escalations(previous)[0])),
        Figure("holes", str(_l("Open requests nobody can act on, today")),
               _count("", count_loop_holes())),
    ])


def _percent(share: referrals.Share) -> Tally:
    """A share with fewer than 5 on either side gives them away: not shown."""
    if share.percent is None:
        return Tally("", NOT_AVAILABLE, suppressed=True)
    hidden = is_small(Tally("", share.part)) or is_small(Tally("", share.whole - share.part))
    return Tally("", share.percent, suppressed=hidden)


def _days(value: float | None) -> Tally:
    return Tally("", NOT_AVAILABLE if value is None else round(value), suppressed=value is None)


def _service_section(period: NamedPeriod, previous: NamedPeriod) -> Section:
    """Services with their acts of help now and before (already suppressed as on the staff
    page), and the obstacle named most for each."""
    table = service_table(LogFilter(period.start, period.end),
                          LogFilter(previous.start, previous.end))
    section = Section("services", str(_l("Services that send residents to partners")))
    for row in table.rows[:TOP_SERVICES]:
        named = [cell for cell in row.obstacles if not cell.suppressed and cell.acts]
        obstacle = max(named, key=lambda cell: cell.acts).label if named else "–"
        label = _l("%(service)s (most named: %(obstacle)s)", service=row.service.label,
                   obstacle=obstacle)
        section.figures.append(Figure("services", str(label), _as_tally(row.service),
                                      _as_tally(row.previous)))
    return section


def _as_tally(count) -> Tally:
    return Tally(count.label, count.acts, count.suppressed)


def _residents_section(period: NamedPeriod, previous: NamedPeriod) -> Section:
    answers, answers_before = judgement(period), judgement(previous)
    now_rows, before_rows = ([Tally(str(name), counts.get(code, 0))
                              for code, name in FEEDBACK_ANSWER_NAMES.items()]
                             for counts in (answers, answers_before))
    section = Section("residents", str(_l("What residents said and looked for")))
    section.figures += _side_by_side("judgement", _l("Did you get the help you needed?"),
                                     now_rows, before_rows,
                                     sum(answers.values()), sum(answers_before.values()))
    now, before = searches.search_totals(period), searches.search_totals(previous)
    section.figures += [
        Figure("searches", str(_l("Searches in the directory")),
               _count("", now.searches), _count("", before.searches)),
        Figure("without_help_nearby", str(_l("Searches without help nearby")),
               _count("", now.without_help_nearby), _count("", before.without_help_nearby)),
    ]
    before_by_area = {row.label: row.without_help_nearby for row in searches.by_area(previous)}
    for row in searches.by_area(period)[:TOP_AREAS]:
        if row.without_help_nearby:
            section.figures.append(Figure(
                "areas_without_help", row.label, _count(row.label, row.without_help_nearby),
                _count(row.label, before_by_area.get(row.label, 0)),
                group=str(_l("Postcode areas with the most searches without help nearby"))))
    return section


def _privacy_section(period: NamedPeriod, previous: NamedPeriod) -> Section:
    section = Section("privacy", str(_l("Privacy account: how personal data was used")))
    now_views, before_views = _views(period), _views(previous)
    section.figures.append(Figure("views", str(_l("Views of personal data")),
                                  _count("", sum(now_views.values())),
                                  _count("", sum(before_views.values()))))
    for who in sorted(set(now_views) | set(before_views)):
        section.figures.append(Figure("views", who, _count(who, now_views.get(who, 0)),
                                      _count(who, before_views.get(who, 0)),
                                      group=str(_l("Views by role and organisation"))))
    now_actions, before_actions = _actions(period), _actions(previous)
    for key, label, counted in PRIVACY_COUNTS:
        section.figures.append(Figure(
            key, str(label), _count("", _sum_of(now_actions, counted)),
            _count("", _sum_of(before_actions, counted))))
    section.figures.append(Figure("purged", str(_l("Requests purged by retention")),
                                  _count("", _purged(period)), _count("", _purged(previous))))
    return section


def _actions(period: NamedPeriod) -> Counter:
    """Audit events of the period per (action, succeeded), in one pass."""
    actions = {action for _key, _label, counted in PRIVACY_COUNTS for action in counted[0]}
    found: Counter = Counter()
    for action, result, count in db.session.execute(
            select(AuditEvent.action, AuditEvent.result, func.count())
            .where(AuditEvent.action.in_(actions), period.holds(AuditEvent.at))
            .group_by(AuditEvent.action, AuditEvent.result)):
        found[action, result == AuditResult.SUCCESS] += count
    return found


def _sum_of(actions: Counter, counted: tuple[tuple[str, ...], bool | None]) -> int:
    """`counted`: the actions, and whether only succeeded (True) or failed (False) ones."""
    names, succeeded = counted
    return sum(count for (action, ok), count in actions.items()
               if action in names and succeeded in (None, ok))


def _purged(period: NamedPeriod) -> int:
    """The retention job writes how many requests it purged as the object of its event."""
    purged = func.coalesce(func.sum(cast(AuditEvent.object_id, Integer)), 0)
    return db.session.scalar(select(purged).where(
        AuditEvent.action == "retention_purge", period.holds(AuditEvent.at))) or 0


def _views(period: NamedPeriod) -> Counter:
    """Views of personal data by 'role, organisation'."""
    rows = db.session.execute(
        select(AuditEvent.actor_role, Organisation.name, func.count())
        .select_from(AuditEvent)
        .outerjoin(Organisation, Organisation.id == AuditEvent.organisation_id)
        .where(AuditEvent.action.in_(VIEW_ACTIONS), period.holds(AuditEvent.at))
        .group_by(AuditEvent.actor_role, Organisation.name))
    found: Counter = Counter()
    for role, organisation, count in rows:
        role_name = str(ROLE_NAMES.get(role, _l("Resident"))) if role else str(_l("Resident"))
        where = organisation or str(_l("Municipality"))
        found[f"{role_name}, {where}" if role else role_name] += count
    return found


CSV_COLUMNS = ("section", "figure", "label", "period", "value", "shown_as", "previous_period",
               "previous_value", "previous_shown_as", "definition")


def shown_as(figure: Figure, tally: Tally | None) -> str:
    """A value as the report writes it: a hidden count in words, a share with its sign."""
    if tally is None:
        return ""
    if tally.suppressed:
        if tally.value == NOT_AVAILABLE:
            return "–"
        if figure.kind == "count" and tally.value < THRESHOLD:
            return str(_l("fewer than %(threshold)d", threshold=THRESHOLD))
        return str(_l("not shown"))
    return f"{tally.value}%" if figure.kind == "percent" else str(tally.value)


def council_csv(report: CouncilReport) -> str:
    """One row per figure, with its definition; a hidden value has no number."""
    rows: list[tuple] = [CSV_COLUMNS]
    for section, figure in report.figures():
        before = figure.before
        rows.append((
            section.key, figure.key, figure.label, report.period.key,
            "" if figure.now.suppressed else figure.now.value, shown_as(figure, figure.now),
            report.previous.key if before else "",
            "" if before is None or before.suppressed else before.value,
            shown_as(figure, before), str(DEFINITIONS[figure.key])))
    return BOM + CsvText("en").rows(rows)
