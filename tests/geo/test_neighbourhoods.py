"""Postcode areas to wijken, for figures per wijk: every area of the municipality has one."""

import csv
from importlib import resources

from partnernet.geo.neighbourhoods import wijk_names, wijk_of_postcode_area


def test_every_postcode_area_lies_in_one_of_the_twenty_wijken():
    with resources.files("partnernet.data").joinpath("postcode_areas_groningen.csv").open() as f:
        areas = {row["postcode"] for row in csv.DictReader(f)}
    found = wijk_of_postcode_area()
    assert set(found) == areas
    assert set(found.values()) <= set(wijk_names())
    assert len(wijk_names()) == 20 and wijk_names() == sorted(wijk_names())


def test_known_areas_fall_in_their_wijk():
    found = wijk_of_postcode_area()
    assert (found["9711"], found["9741"], found["9751"], found["9791"]) == (
        "Centrum", "Noordwest", "Haren-West e.o.", "Ten Boer e.o.")
    assert found["9793"] == "Ten Post e.o."  # its GeoNames centre lies just outside the outline
