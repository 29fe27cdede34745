"""How the benchmarks lay out support points across the country, and the tests that measure
the same layout: boxes of (south, west, north, east) in degrees, and points drawn in them."""

import random

NETHERLANDS = (50.76, 3.36, 53.55, 7.21)
ZEELAND_CORNER = (50.76, 3.36, 51.95, 4.60)  # left empty of points
ZEELAND = (51.30, 3.50, 51.55, 4.00)  # the middle of that corner: 40 km or more from any point


def spot(box, rng: random.Random) -> tuple[float, float]:
    """A place drawn evenly in `box`."""
    south, west, north, east = box
    return rng.uniform(south, north), rng.uniform(west, east)


def within(box, latitude: float, longitude: float) -> bool:
    south, west, north, east = box
    return south <= latitude <= north and west <= longitude <= east
