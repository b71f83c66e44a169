"""The world's three sources read without a server: Italian country names, cases and provinces; the names
Italian Wikipedia gives districts and counties; the choices `kg load world --source` offers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.records import CityRef
from kg.resolve.countries import country_code
from kg.resolve.names import proper_case
from kg.resolve.places import COUNTY, DISTRICT, MUNICIPALITY, REGION, read_name


@pytest.fixture(scope="module")
def italian():
    from kg.loaders.world import load_italian

    return load_italian()


def test_countries_in_italian_and_in_short():
    read = {name: country_code(name) for name in (
        "germania", "stati uniti", "paesi bassi", "regno unito", "rep. ceca", "rep. dominicana", "rd del congo",
        "fær øer", "gran bretagna", "inghilterra", "scozia", "galles", "bosnia ed erzegovina")}
    assert read == {"germania": "DE", "stati uniti": "US", "paesi bassi": "NL", "regno unito": "GB",
                    "rep. ceca": "CZ", "rep. dominicana": "DO", "rd del congo": "CD", "fær øer": "FO",
                    "gran bretagna": "GB", "inghilterra": "GB", "scozia": "GB", "galles": "GB",
                    "bosnia ed erzegovina": "BA"}
    # no country, or words that fit several: never guessed
    assert [country_code(t) for t in ("europa", "unione europea", "kurdistan", "isole vergini", "del nord")] == \
        [None] * 5


def test_lower_case_names_take_the_case_of_place_names():
    assert [proper_case(n) for n in ("san giorgio di piano", "l'aquila", "aix-en-provence", "la spezia",
                                     "sant'angelo dei lombardi", "Brno-Bosonohy")] == \
        ["San Giorgio di Piano", "L'Aquila", "Aix-en-Provence", "La Spezia", "Sant'Angelo dei Lombardi",
         "Brno-Bosonohy"]


def test_italian_words_for_districts_counties_and_regions_are_read():
    kinds = {name: (read_name(name).kind, read_name(name).base) for name in (
        "praga (distretto 7)", "xviii distretto di budapest", "distretto charlottenburg-wilmersdorf",
        "quartiere londinese di hammersmith and fulham", "contea di laois", "dipartimento dell'oise",
        "provincia di rieti", "bled (comune)")}
    assert kinds == {"praga (distretto 7)": (DISTRICT, "praga 7"),
                     "xviii distretto di budapest": (DISTRICT, "budapest 18"),
                     "distretto charlottenburg-wilmersdorf": (DISTRICT, "charlottenburg-wilmersdorf"),
                     "quartiere londinese di hammersmith and fulham": (DISTRICT, "hammersmith and fulham"),
                     "contea di laois": (COUNTY, "laois"), "dipartimento dell'oise": (REGION, "oise"),
                     "provincia di rieti": (REGION, "rieti"), "bled (comune)": (MUNICIPALITY, "bled")}


def test_a_district_in_italian_is_the_district_the_english_lists_name(resolver):
    assert resolver.resolve(CityRef("Praga (distretto 7)", "CZ")).key == \
        resolver.resolve(CityRef("Prague 7", "CZ")).key == "part:gn:3067696:7"
    budapest = resolver.resolve(CityRef("Xviii distretto di Budapest", "HU"))
    assert budapest.key == resolver.resolve(CityRef("Budapest XVIII", "HU")).key and budapest.kind == DISTRICT
    alone = resolver.resolve(CityRef("Distretto Charlottenburg-Wilmersdorf", "DE"))
    assert not alone.resolved and alone.kind == DISTRICT  # never the town of a name


def test_italian_rows_are_read_with_province_region_and_claimant(italian):
    assert italian.rows_read == 4582 and len(italian.pairs) == 4577
    assert sorted({p.line for p in italian.rejected}) == [1075, 2019, 2578, 3198, 4025]
    first = next(iter(italian.pairs))
    assert (first.a.name, first.a.as_written, first.a.country, first.a.area) == \
        ("Abano Terme", "abano terme", "IT", ("padova", "veneto"))
    assert (first.b.name, first.b.country, first.claimed_by) == ("Shibukawa", "JP", [first.a])
    assert first.citation.where == "italian_twinnings.csv:2"


def test_the_province_chooses_between_italian_homonyms(italian, resolver):
    rows = {(p.a.as_written, p.a.area): p.a for p in italian.pairs}
    arpino = rows[("arpino", ("frosinone", "lazio"))]
    assert resolver.resolve(arpino).key == "gn:3182807"  # Arpino in Lazio, 22 km from Frosinone
    assert resolver.resolve(replace(arpino, area=())).key == "gn:8948708"  # the name alone: Campania's
    rosa = rows[("rosà", ("vicenza", "veneto"))]
    assert resolver.resolve(rosa).name == "Rosà"
    fontanafredda = resolver.resolve(rows[("fontanafredda", ("pordenone", "friuli-venezia giulia"))])
    assert not fontanafredda.resolved and "province of Pordenone" in fontanafredda.reason


def test_a_bracket_naming_a_region_decides_between_homonyms(resolver):
    assert resolver.resolve(CityRef("Hemmingen (Baden-Württemberg)", "DE")).key == "gn:2906531"
    assert resolver.resolve(CityRef("Hemmingen (Lower Saxony)", "DE")).key == "gn:2906530"
    hamm = resolver.resolve(CityRef("Hamm", "DE", latitude=50.0165, longitude=6.4185))  # a geocoder's hamlet
    assert not hamm.resolved and "Hamm (gn:2911240" in hamm.reason


def test_world_sources_are_the_ones_the_command_offers():
    from kg.cli.loading import WORLD_SOURCE_NAMES
    from kg.loaders.world import WORLD_SOURCES

    assert WORLD_SOURCE_NAMES == tuple(source.name for source in WORLD_SOURCES)
    assert WORLD_SOURCES[-1].name == "wikidata"  # placed by its partners in the others: it loads last
