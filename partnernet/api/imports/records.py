"""What an import file holds, whatever its format: organisations, their places and their
offers, each with the file's key for it and where in the file it was, and what is wrong with
it. The readers (reading.py) fill these; the plan (planning.py) compares them with the
directory."""

from dataclasses import dataclass, field
from datetime import date, time
from typing import NamedTuple

Hours = tuple[tuple[tuple[time, time], ...], ...]  # Monday first: each day's opening periods


@dataclass(frozen=True)
class Source:
    """Where a record is in the file: the file (a CSV file in a datapackage, or the JSON) and
    the row (the header is row 1) or item (the first is 1)."""

    file: str
    row: int

    def __str__(self) -> str:
        return f"{self.file}:{self.row}"


@dataclass(frozen=True)
class Problem:
    """Something that keeps a record from being imported: which field and why, in words for
    the person importing (a lazy text, translated when shown)."""

    source: Source
    field: str
    reason: object


class TopicRef(NamedTuple):
    """A topic as a file names it: by its HSDS term's UUID, by its code, or by both (another
    installation's export names ours by code: topics have their own UUIDs in each)."""

    term_id: str | None
    code: str | None

    def __str__(self) -> str:
        return self.code or self.term_id or ""


@dataclass
class OrganisationIn:
    key: str  # the organisation's UUID (from the file, or derived from its name)
    source: Source
    name: str
    description: str = ""
    website: str | None = None
    email: str | None = None  # public: the file publishes it
    phone: str | None = None


@dataclass
class PlaceIn:
    key: str
    source: Source
    organisation_key: str
    name: str
    street: str = ""
    house_number: str | None = None
    postcode: str | None = None
    city: str = ""
    latitude: float | None = None  # None: found from the address
    longitude: float | None = None
    wheelchair_accessible: bool | None = None
    accessibility_note: str | None = None
    phone: str | None = None
    hours: Hours = ((),) * 7
    location_is_approximate: bool = False  # placed by the geocoder in the middle of an area

    @property
    def week(self) -> frozenset[tuple[int, time, time]]:
        """As SupportPoint.week."""
        return frozenset((day, opens, closes) for day, periods in enumerate(self.hours)
                         for opens, closes in periods)

    @property
    def has_address(self) -> bool:
        """The file gives an address (without one, the place keeps ours)."""
        return bool(self.street or self.house_number or self.postcode or self.city)

    @property
    def address_line(self) -> str:
        """As SupportPoint.address_line, for the geocoder."""
        street = " ".join(filter(None, [self.street, self.house_number]))
        return ", ".join(filter(None, [street, " ".join(filter(None, [self.postcode,
                                                                     self.city]))]))


@dataclass
class OfferIn:
    key: str
    source: Source
    organisation_key: str
    title: str
    description: str = ""
    audience: str = ""
    modes: tuple[str, ...] = ()
    free_of_charge: bool = True
    cost_note: str | None = None
    topic_refs: tuple[TopicRef, ...] = ()  # as the file names them
    topics: tuple[str, ...] = ()  # our topic codes (the dry run finds them)
    languages: tuple[str, ...] = ()
    place_keys: tuple[str, ...] = ()
    link_ids: dict[str, str] = field(default_factory=dict)  # a place's key: the file's UUID
    assured_date: date | None = None                           # of the offer given there


@dataclass
class Bundle:
    """Everything one file holds, by the file's keys, in the file's order."""

    format: str  # "hsds-json", "hsds-datapackage" or "partnernet-csv"
    organisations: dict[str, OrganisationIn] = field(default_factory=dict)
    places: dict[str, PlaceIn] = field(default_factory=dict)
    offers: dict[str, OfferIn] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # found while reading
    notes: list[object] = field(default_factory=list)  # worth knowing, not wrong

    def problem(self, source: Source, field_name: str, reason: object) -> None:
        self.problems.append(Problem(source, field_name, reason))
