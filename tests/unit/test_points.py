"""A source's coordinates are evidence, not truth: placeholders a geocoder gave for a whole
country or region are set aside with the reason, and a node the gazetteer cannot place keeps a point only
inside its own country. No server."""

from __future__ import annotations

from kg.loaders.world import geocoded_points, placeholder_points
from kg.records import CityRef


def test_whole_degrees_and_shared_points_are_placeholders():
    points = {("Julian", "United States"): (40.0, -100.0),  # the shipped file's point for six US names
              ("Horokanai", "Japan"): (38.3224, 142.3691), ("Iwanai", "Japan"): (38.3221, 142.3689),
              ("Rankoshi", "Japan"): (38.3219, 142.3688),
              ("Perth", "Australia"): (-31.9559, 115.8606), ("Perth", "Scotland"): (-31.9559, 115.8606),
              ("Kielce", "Poland"): (50.8703, 20.6275)}
    dropped = placeholder_points(points, "points.csv")
    assert set(dropped) == {("Julian", "United States"), ("Horokanai", "Japan"), ("Iwanai", "Japan"),
                            ("Rankoshi", "Japan")}  # one name twice is no placeholder: its country decides
    assert dropped[("Julian", "United States")] == "points.csv: the point (40, -100) is whole degrees, a placeholder"
    assert "shared by 3 differently named places" in dropped[("Iwanai", "Japan")]


def test_the_shipped_file_keeps_no_placeholder():
    kept, dropped = geocoded_points()
    assert not any(lat.is_integer() and lon.is_integer() for lat, lon in kept.values())
    assert ("Walker", "United States") in dropped and ("Walker", "United States") not in kept


def test_an_unplaced_name_keeps_a_point_only_inside_its_country(resolver):
    """A Rwandan village the gazetteer lacks, geocoded to Brussels: the point goes, the discrepancy stays."""
    outside = resolver.resolve(CityRef("Ruyumba", "RW", latitude=50.8333, longitude=4.4333))
    assert not outside.resolved and outside.latitude is None
    assert "lies outside RW" in outside.discrepancy
    inside = resolver.resolve(CityRef("Ruyumba", "RW", latitude=-2.05, longitude=29.75))
    assert not inside.resolved and (inside.latitude, inside.longitude) == (-2.05, 29.75)


def test_a_placeholder_note_travels_with_the_name(resolver):
    city = resolver.resolve(CityRef("Kielce", "PL", point_note="points.csv: the point (52, 19) is whole degrees"))
    assert city.key == "gn:769250" and city.discrepancy == "points.csv: the point (52, 19) is whole degrees"
