"""A coordinator's support points: the form's data in and out, geocoding when the address
changes, and the hand-corrected coordinates that win over the geocoder."""

from datetime import date
from decimal import Decimal

from partnernet.geo import locator
from partnernet.geo.geocoders import geocode_support_point
from partnernet.models import Closure, OpeningPeriod, SupportPoint
from partnernet.partners.hours import format_day, parse_day

WHEELCHAIR = {"yes": True, "no": False, "": None}
TEXT_FIELDS = ("name", "street", "house_number", "city", "accessibility_note", "phone", "email")


def form_data(point: SupportPoint) -> dict:
    by_day = [[p for p in point.opening_periods if p.weekday == day] for day in range(7)]
    return {
        **{name: getattr(point, name) for name in TEXT_FIELDS},
        "postcode": point.postcode,
        "has_digital_government_desk": point.has_digital_government_desk,
        "latitude": Decimal(str(round(point.latitude, 6))),
        "longitude": Decimal(str(round(point.longitude, 6))),
        "wheelchair": {True: "yes", False: "no", None: ""}[point.wheelchair_accessible],
        "hours": [format_day(periods) for periods in by_day],
        "closures": [{"starts_on": c.starts_on, "ends_on": c.ends_on, "reason": c.reason}
                     for c in point.closures] + [{}] * 3,
    }


def _coordinates_changed(point: SupportPoint, form) -> bool:
    if form.latitude.data is None:
        return False
    if point.latitude is None:
        return True
    return (round(float(form.latitude.data), 6), round(float(form.longitude.data), 6)) != (
        round(point.latitude, 6), round(point.longitude, 6))


def fill_from(point: SupportPoint, form, today: date) -> bool:
    """Copy the form into the point; False when its address cannot be placed on the map."""
    address_before = _address(point)
    moved_by_hand = _coordinates_changed(point, form)
    _copy_fields(point, form)
    point.assured_date = today
    if moved_by_hand:
        point.latitude, point.longitude = float(form.latitude.data), float(form.longitude.data)
        point.location_is_approximate = False
        return True
    if _address(point) != address_before or point.latitude is None:
        return geocode_support_point(point, locator())
    return True


def _address(point: SupportPoint) -> tuple:
    return point.street, point.house_number, point.postcode, point.city


def _copy_fields(point: SupportPoint, form) -> None:
    for name in TEXT_FIELDS:
        setattr(point, name, getattr(form, name).data or None)
    point.postcode = normalise_postcode(form.postcode.data)
    point.has_digital_government_desk = form.has_digital_government_desk.data
    point.wheelchair_accessible = WHEELCHAIR[form.wheelchair.data]
    point.opening_periods = [
        OpeningPeriod(weekday=day, opens=opens, closes=closes)
        for day, entry in enumerate(form.hours) for opens, closes in parse_day(entry.data or "")
    ]
    point.closures = [
        Closure(starts_on=entry.starts_on.data, ends_on=entry.ends_on.data,
                reason=entry.reason.data or "")
        for entry in form.closures if entry.starts_on.data
    ]
    point.hours_are_example = False


def normalise_postcode(postcode: str) -> str:
    """'9711ab' -> '9711 AB'."""
    compact = postcode.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}"
