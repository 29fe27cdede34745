"""What residents look for in the directory, counted per day: never what they typed, never
per person, only the four digits of the postcode area the search was from."""

from datetime import date

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.extensions import Model

NEARBY_KM = 5  # help "nearby": the nearest fitting help lies within this distance


class SearchCount(Model):
    """Searches on one day from one postcode area, for one topic and one set of filters."""

    __tablename__ = "search_counts"
    __table_args__ = (UniqueConstraint("day", "postcode_area", "topic", "filters",
                                       name="uq_search_counts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    postcode_area: Mapped[str] = mapped_column(String(4), default="")  # "": outside or unknown
    topic: Mapped[str] = mapped_column(String(40), default="")  # a Topic.code; "": any topic
    filters: Mapped[str] = mapped_column(String(120), default="")  # e.g. "language:ar wheelchair"
    searches: Mapped[int] = mapped_column(Integer, default=0)
    # Searches whose nearest fitting help lay more than NEARBY_KM away, or that found none.
    without_help_nearby: Mapped[int] = mapped_column(Integer, default=0)
