"""The municipality's own question: which of its services send the most residents to
partners, and what got in the way, in a period and the period before it."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from partnernet.extensions import db
from partnernet.models import AssistanceLog, AssistanceLogObstacle, MunicipalService
from partnernet.models.assistance_queries import LogFilter
from partnernet.reports.summaries import ACTS, MINUTES, Count
from partnernet.reports.suppression import is_small, suppress
from partnernet.vocabulary import OBSTACLE_NAMES

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ServiceRow:
    service: Count  # acts of help about the service in the period
    previous: Count  # in the period before, of the same length
    obstacles: list[Count]  # per obstacle, in the order of OBSTACLE_NAMES


@dataclass(frozen=True)
class ServiceTable:
    rows: list[ServiceRow]
    without_service: Count
    previous_start: date
    previous_end: date
    withheld: bool = False  # too few to show per service without giving a small number away

    @property
    def obstacle_names(self) -> list[str]:
        return [str(name) for name in OBSTACLE_NAMES.values()]

    @property
    def services(self) -> list[Count]:
        return [row.service for row in self.rows]


def service_table(log_filter: LogFilter, before: LogFilter | None = None) -> ServiceTable:
    """`before`: the period to compare with; by default the days just before, as many."""
    if before is None:
        days = log_filter.end - log_filter.start + ONE_DAY
        before = replace(log_filter, start=log_filter.start - days,
                         end=log_filter.start - ONE_DAY)
    now, earlier = _by_service(log_filter), _by_service(before)
    crossed = _by_service_and_obstacle(log_filter)
    names = _service_names()
    ids = sorted((service_id for service_id in now if service_id is not None),
                 key=lambda service_id: (-now[service_id][0], names[service_id]))
    services = suppress([Count(names[service_id], *now[service_id]) for service_id in ids])
    without = _hidden_if_small(Count(str(_l("Not about a service")), *now.get(None, (0, 0))))
    if services is None:
        return ServiceTable([], without, before.start, before.end, withheld=True)
    rows = [ServiceRow(
        service,
        _hidden_if_small(Count(service.label, *earlier.get(service_id, (0, 0)))),
        [_hidden_if_small(Count(str(name), *crossed.get((service_id, code), (0, 0))))
         for code, name in OBSTACLE_NAMES.items()],
    ) for service_id, service in zip(ids, services, strict=True)]
    return ServiceTable(rows, without, before.start, before.end)


def _hidden_if_small(count: Count) -> Count:
    return replace(count, suppressed=True) if is_small(count) else count


def _by_service(log_filter: LogFilter) -> dict:
    rows = db.session.execute(
        select(AssistanceLog.municipal_service_id, ACTS, MINUTES)
        .where(*log_filter.conditions()).group_by(AssistanceLog.municipal_service_id))
    return {service_id: (acts, minutes) for service_id, acts, minutes in rows}


def _by_service_and_obstacle(log_filter: LogFilter) -> dict:
    rows = db.session.execute(
        select(AssistanceLog.municipal_service_id, AssistanceLogObstacle.code, ACTS, MINUTES)
        .join(AssistanceLogObstacle,
              AssistanceLogObstacle.assistance_log_id == AssistanceLog.id)
        .where(*log_filter.conditions(), AssistanceLog.municipal_service_id.is_not(None))
        .group_by(AssistanceLog.municipal_service_id, AssistanceLogObstacle.code))
    return {(service_id, code): (acts, minutes) for service_id, code, acts, minutes in rows}


def _service_names() -> dict:
    name = MunicipalService.name_en if str(get_locale()) == "en" else MunicipalService.name_nl
    return dict(db.session.execute(select(MunicipalService.id, name)).all())
