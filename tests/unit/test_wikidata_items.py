"""Wikidata items with a label only, placed without a server: by their row in the countries-states-cities
table (`kg.resolve.anchors`), by kind words in German and the local languages, and by names only one place
in the world bears. Each case is one the 2016 dump holds."""

from __future__ import annotations

import json

import pytest

from kg.records import CityRef
from kg.resolve.anchors import Anchors
from kg.resolve.context import PartnerContext, place_items
from kg.resolve.places import read_name


def row(row_id, name, country, lat, lon, qid):
    return {"id": row_id, "name": name, "country_code": country, "latitude": str(lat), "longitude": str(lon),
            "state_name": "", "wikiDataId": qid}


# rows as the table has them, wrong QIDs included: Q1741 is on Vienna and on Vigaun; Q1266078 is Tartu's
# rural parish; Q2880 on two towns called Hamm; Q40898 on Nancy and on Nandy
TABLE = json.dumps([
    row(1, "Vigaun", "AT", 47.66667, 13.13333, "Q1741"), row(2, "Vienna", "AT", 48.20849, 16.37208, "Q1741"),
    row(3, "Amsterdam", "NL", 52.37403, 4.88969, "Q727"),
    row(4, "Cheongju-si", "KR", 36.63722, 127.48972, "Q42147"),
    row(5, "Cheongsong gun", "KR", 36.43351, 129.057, "Q42147"),
    row(6, "Singkawang", "ID", 0.9, 108.98333, "Q14169"),
    row(7, "Rosarito", "MX", 32.36044, -117.04645, "Q1020753"),
    row(8, "Tartu vald", "EE", 58.478, 26.74956, "Q1266078"),
    row(9, "Hamm", "DE", 51.68033, 7.82089, "Q2880"), row(10, "Hamm", "DE", 50.76667, 7.68333, "Q2880"),
    row(11, "Nancy", "FR", 48.68439, 6.18496, "Q40898"), row(12, "Nandy", "FR", 48.58, 2.5633, "Q40898"),
    row(13, "Nangis", "FR", 48.55, 3.01, "Q40898"),
    row(14, "Mullsjö", "SE", 57.9167, 13.8833, "Q508108"),
    row(15, "Mykolayiv", "UA", 46.96591, 31.9974, "Q41572"),
    row(16, "Angarsk", "RU", 52.53667, 103.88639, "Q103565"), row(17, "Angarsk", "UA", 45.3, 34.2, "Q103565"),
    row(18, "Oraş Teiuş", "RO", 46.2, 23.68333, "Q99"),
    row(19, "Oraş Borsec", "RO", 46.95, 25.56667, "Q839796"), row(20, "Nizhny Tagil", "RU", 57.91944, 59.965, "Q98967"),
    row(21, "Oraş Fãget", "RO", 45.85, 22.18333, "Q851048"),
])


@pytest.fixture(scope="module")
def anchors():
    return Anchors.from_table(TABLE)


@pytest.mark.parametrize("qid, label, expected", [
    ("Q1741", "Wien", "Vienna"),  # GeoNames has "Wien" among Vienna's names; Vigaun's row is the table's error
    ("Q42147", "Cheongju", "Cheongju-si"),  # "-si" is the city's kind word
    ("Q14169", "Kota Singkawang", "Singkawang"),
    ("Q1020753", "Playas de Rosarito", "Rosarito"),  # GeoNames' other name of Rosarito
    ("Q1266078", "Tartu", "Tartu vald"),
    ("Q2880", "Hamm", None),  # two towns carry the label: the table cannot say which
    ("Q40898", "Nancy", "Nancy"),  # "Nandy" is spelt alike, but a row named exactly so comes first
    ("Q508108", "Motala", None),  # a row named otherwise is a wrong QID, not an anchor
    ("Q41572", "Mykolajiw", "Mykolayiv"),  # German and English transcriptions of one name
    ("Q98967", "Nischni Tagil", "Nizhny Tagil"),
    ("Q851048", "Fatschet", "Oraş Fãget"),
])
def test_a_row_anchors_an_item_only_when_it_carries_the_label(anchors, resolver, qid, label, expected):
    found = anchors.anchor(qid, label, resolver.gazetteer)
    assert (found.name if found else None) == expected


def place(resolver, anchors, qid, label, statements=(), context=None):
    refs = {qid: CityRef(label, None, wikidata_id=qid)}
    for a, b in statements:
        for q in (a, b):
            refs.setdefault(q, CityRef(q, None, wikidata_id=q))
    return place_items(refs, statements, context or PartnerContext(), resolver, anchors)[qid]


def test_anchored_items_land_on_their_gazetteer_place(resolver, anchors):
    vienna = place(resolver, anchors, "Q1741", "Wien")
    assert (vienna.key, vienna.name, vienna.country, vienna.method) == ("gn:2761369", "Vienna", "AT", "anchor")
    assert place(resolver, anchors, "Q42147", "Cheongju").key == "gn:1845604"
    assert place(resolver, anchors, "Q14169", "Kota Singkawang").key == "gn:1626916"
    assert place(resolver, anchors, "Q1020753", "Playas de Rosarito").key == "gn:3988392"


def test_an_item_of_another_kind_is_never_the_town_of_its_name(resolver, anchors):
    parish = place(resolver, anchors, "Q1266078", "Tartu")
    assert parish.key != "gn:588335"  # Tartu, the city
    assert parish.kind == "municipality" and parish.country == "EE"


def test_rows_that_agree_on_a_country_give_it_though_none_carries_the_label(resolver, anchors):
    """Q2880's two rows are two towns called Hamm, both in Germany; Mullsjö's row carries Motala's QID, both in
    Sweden; the row of Q839796 is "Oraş Borsec", far from its German label: each item is looked up in its rows'
    country."""
    hamm = place(resolver, anchors, "Q2880", "Hamm")
    assert (hamm.key, hamm.country) == ("gn:2911240", "DE")
    motala = place(resolver, anchors, "Q508108", "Motala")
    assert (motala.name, motala.country, motala.resolved) == ("Motala", "SE", True)
    borsec = place(resolver, anchors, "Q839796", "Bad Borseck")  # the German name of Borsec
    assert (borsec.key, borsec.country, borsec.resolved) == ("wd:Q839796", "RO", False)
    assert "Q839796" in borsec.reason


def test_an_item_whose_rows_name_two_countries_is_left_to_other_evidence(resolver, anchors):
    """Angarsk's QID has a row in Russia and a wrong one in Ukraine: neither country is given, and the name,
    which one place of the world bears, places it; "Dreikirchen" is Teiuş, Romania (its one row), not the
    German village of that name."""
    angarsk = place(resolver, anchors, "Q103565", "Angarsk")
    assert (angarsk.country, angarsk.resolved, angarsk.method) == ("RU", True, "unique-name")
    dreikirchen = place(resolver, anchors, "Q99", "Dreikirchen")
    assert (dreikirchen.key, dreikirchen.country) == ("wd:Q99", "RO")


def test_a_city_item_and_its_municipality_item_share_one_node(resolver, anchors):
    """Amsterdam's city item is anchored; its municipality item (no row) is placed by its partners there."""
    city, partner = CityRef("Amsterdam", None, wikidata_id="Q727"), CityRef("Tartu", None, wikidata_id="Q13972")
    municipality = CityRef("Amsterdam", None, wikidata_id="Q9899")
    from kg.records import ResolvedCity

    context = PartnerContext()
    context.add(ResolvedCity("gn:2759794", "Amsterdam", "NL", True, geonames_id=2759794), ["amsterdam"],
                ["gn:588335"])
    context.add(ResolvedCity("gn:588335", "Tartu", "EE", True, geonames_id=588335), ["tartu"], [])
    found = place_items({"Q727": city, "Q9899": municipality, "Q13972": partner},
                        [("Q9899", "Q13972"), ("Q727", "Q13972")], context, resolver, anchors)
    assert found["Q727"].key == found["Q9899"].key == "gn:2759794"


@pytest.mark.parametrize("name, kind, base", [
    ("Cheongju-si", "city", "Cheongju"), ("Kota Singkawang", "city", "Singkawang"),
    ("Landkreis Oder-Spree", "county", "Oder-Spree"), ("Kreis Siegen-Wittgenstein", "county", "Siegen-Wittgenstein"),
    ("Präfektur Kyōto", "region", "Kyōto"), ("Provinz Santiago de Cuba", "region", "Santiago de Cuba"),
    ("Verbandsgemeinde Nieder-Olm", "municipality", "Nieder-Olm"), ("Tommerup Kommune", "municipality", "Tommerup"),
    ("Municipio de Tijuana", "municipality", "Tijuana"), ("Bocas del Toro (Stadt)", "city", "Bocas del Toro"),
    ("Stade", None, "Stade"), ("Kotabaru", None, "Kotabaru"),
])
def test_kind_words_of_the_dumps_languages(name, kind, base):
    reading = read_name(name)
    assert (reading.kind, reading.base) == (kind, base)


@pytest.mark.parametrize("label, key, kind", [
    ("Präfektur Nagasaki", "iso:JP-42", "region"),  # a subdivision only Japan has
    ("Genf", "gn:2660646", "city"),  # an other name of one city of 10,000+
    ("Kota Singkawang", "gn:1626916", "city"),
    ("Beja (Tunesien)", "gn:2472774", "city"),  # the country in German, in brackets
    ("Canfranc", "gn:3126580", "city"),  # 589 inhabitants; no other place bears the name in any form
    ("Mijek", "gn:8300874", "city"),
])
def test_countryless_names_placed_only_where_the_world_has_one(resolver, label, key, kind):
    city = resolver.resolve(CityRef(label, None, wikidata_id="Q1"))
    assert (city.key, city.kind) == (key, kind)


@pytest.mark.parametrize("label", ["Kenia", "Psara", "Ipswich", "Sint Maarten"])
def test_countryless_names_the_world_does_not_settle_stay_items(resolver, label):
    """"Kenia" is an other name of Cunlhat (1,300 people), "Psara" a Greek island and a Turkish quarter's
    boundary, "Ipswich" a town in England, Australia and the US; "Sint Maarten" is a country as well as a
    Dutch village of 915."""
    assert resolver.resolve(CityRef(label, None, wikidata_id="Q1")).key == "wd:Q1"


@pytest.mark.parametrize("label, country, key", [
    ("Marokko", "MA", "wd:Q1"), ("Cookinseln", "CK", "wd:Q1"),  # a country's name: that country, unplaced
    ("Kenia", "KE", "wd:Q1"),  # Cunlhat's stray other name does not make it a French village
    ("Laterrière, Quebec", "CA", "wd:Q1"),  # the qualifier is a subdivision only Canada has
    ("Konak (Izmir)", "TR", "gn:306641"),
    ("Sestriere", "IT", "wd:Q1"),  # the town and the pass Colle Sestriere: Italy, but which one is not known
    ("Oblast Moskau", "RU", "wd:Q1"),  # a region named after Moscow by its German name
    ("Andorra", None, None),  # also a Spanish town: never the country by its name alone
    ("Qaradağ raion", None, "wd:Q1"),  # Baku's raion; "Garadag" is a Somali town of 10,000, not its namesake
])
def test_countryless_names_get_the_country_the_name_alone_settles(resolver, label, country, key):
    city = resolver.resolve(CityRef(label, None, wikidata_id="Q1"))
    assert city.country != "AD" if country is None else city.country == country
    assert key is None or city.key == key
    assert label != "Qaradağ raion" or city.country is None


def test_a_municipal_register_gives_the_country_of_a_commune_under_the_gazetteers_floor(resolver, anchors):
    """No gazetteer place bears "Pragelato" (IT), "Graun im Vinschgau" (IT, the German name of Curon Venosta),
    "Puligny-Montrachet" (FR) or "Bora Bora" (PF): the one register that names each gives its country, and
    never a place. Two namesakes twinned with each other (the Grandrieus of Lozère and Hainaut) get none."""
    for label, country in (("Pragelato", "IT"), ("Graun im Vinschgau", "IT"), ("Puligny-Montrachet", "FR"),
                           ("Bora Bora", "PF")):
        city = resolver.resolve(CityRef(label, None, wikidata_id="Q1"))
        assert (city.country, city.resolved) == (country, False) and "municipal register" in city.reason
    # a name gazetteer places bear is not the register's to settle: "Favara" is a comune, and a Spanish town
    assert "municipal register" not in (resolver.resolve(CityRef("Favara", None, wikidata_id="Q1")).reason or "")
    refs = {"Q2244746": CityRef("Grandrieu", None, wikidata_id="Q2244746"),
            "Q721348": CityRef("Grandrieu", None, wikidata_id="Q721348"),
            "Q10201": CityRef("Pragelato", None, wikidata_id="Q10201")}
    found = place_items(refs, [("Q2244746", "Q721348"), ("Q10201", "Q721348")], PartnerContext(), resolver,
                        anchors)
    assert found["Q2244746"].country is None and found["Q721348"].country is None
    assert "namesake" in found["Q721348"].reason
    assert found["Q10201"].country == "IT"


def test_a_small_place_is_not_the_one_bearer_of_a_name_others_bear_otherwise(resolver):
    """"Bozen" is a Swiss village of 606 and Bolzano's German name: never the village."""
    assert resolver.resolve(CityRef("Bozen", None, wikidata_id="Q1")).key != "gn:2661424"


def test_a_small_namesake_never_beats_a_subdivision(resolver):
    """"Água Grande" is São Tomé's district; the Mexican village "Agua Grande" (794) is spelt alike."""
    assert resolver.resolve(CityRef("Água Grande", None, wikidata_id="Q1")).key == "iso:ST-01"


def test_a_label_in_another_transcription_meets_the_node_that_shares_its_partner(resolver, anchors):
    """"Kirjat Ono" (German) is Kiryat Ono, whose partner Hamm's item the label's statement names; with two
    namesakes sharing a partner ("Senftenberg": the Austrian town, and Žamberk, whose German name it is), no
    spelling settles it."""
    from kg.records import ResolvedCity

    context = PartnerContext()
    context.add(ResolvedCity("gn:12031840", "Kiryat Ono", "IL", True, geonames_id=12031840), ["kiryat ono"],
                ["gn:2911240"])
    context.add(ResolvedCity("gn:2911240", "Hamm", "DE", True, geonames_id=2911240, wikidata_id="Q2880"),
                ["hamm"], [], ["Q2880"])
    refs = {"Q152501": CityRef("Kirjat Ono", None, wikidata_id="Q152501"),
            "Q2880": CityRef("Hamm", None, wikidata_id="Q2880")}
    found = place_items(refs, [("Q152501", "Q2880")], context, resolver, anchors)
    assert (found["Q152501"].key, found["Q152501"].method) == ("gn:12031840", "partner-names")

    context.add(ResolvedCity("gn:2765162", "Senftenberg", "AT", True, geonames_id=2765162), ["senftenberg"],
                ["gn:2911240"])
    context.add(ResolvedCity("gn:3061888", "Žamberk", "CZ", True, geonames_id=3061888), ["zamberk", "senftenberg"],
                ["gn:2911240"])
    refs["Q700286"] = CityRef("Senftenberg", None, wikidata_id="Q700286")
    found = place_items(refs, [("Q700286", "Q2880")], context, resolver, anchors)
    assert found["Q700286"].key == "wd:Q700286"


def test_homonyms_twinned_with_each_other_stay_two_places(resolver, anchors):
    """Soest, NL and Soest, DE are each other's partners: the Dutch item (no row) is placed by its partner,
    the German item, never on the German node; Kilchberg twinned with Kilchberg is never one node."""
    from kg.records import ResolvedCity

    context = PartnerContext()
    context.add(ResolvedCity("gn:2831708", "Soest", "DE", True, geonames_id=2831708), ["soest"], ["gn:2747034"])
    context.add(ResolvedCity("gn:2747034", "Soest", "NL", True, geonames_id=2747034), ["soest"], [])
    refs = {"Q6149": CityRef("Soest", None, wikidata_id="Q6149"),
            "Q10041": CityRef("Soest", None, wikidata_id="Q10041")}
    context.by_qid["Q6149"] = "gn:2831708"
    context.nodes["gn:2831708"] = ResolvedCity("gn:2831708", "Soest", "DE", True, geonames_id=2831708,
                                               wikidata_id="Q6149")
    found = place_items(refs, [("Q10041", "Q6149"), ("Q6149", "Q10041")], context, resolver, anchors)
    assert (found["Q6149"].key, found["Q10041"].key) == ("gn:2831708", "gn:2747034")
    kilchbergs = {"Q1": CityRef("Kilchberg", None, wikidata_id="Q1"),
                  "Q2": CityRef("Kilchberg", None, wikidata_id="Q2")}
    found = place_items(kilchbergs, [("Q1", "Q2")], PartnerContext(), resolver, anchors)
    assert found["Q1"].key != found["Q2"].key


def test_a_district_written_with_its_unit_word_is_the_citys_section(resolver):
    assert read_name("Budapest XVI. District").base == "Budapest XVI"
    assert resolver.resolve(CityRef("Budapest XVI. District", "HU")).key == "gn:7284833"
    assert read_name("Sankt Vith").kind is None  # "vi" + "th" is no district number


def test_the_table_comes_from_the_pinned_archive_or_is_refused_clearly(tmp_path, monkeypatch):
    from kg.resolve import anchors as module

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    with pytest.raises(module.AnchorsUnavailable, match="kg fetch anchors"):
        module.Anchors.load(fetch=False)
    from kg.resolve import cache

    monkeypatch.setattr(cache.sys, "executable", str(tmp_path / "no-python"))  # pip cannot be run
    with pytest.raises(module.AnchorsUnavailable, match="pip could not be run"):
        module.Anchors.load()
    assert not list(tmp_path.glob("anchors-*"))  # nothing half-built is left behind


def test_an_item_the_gazetteer_lacks_joins_the_one_unplaced_node_of_its_name_sharing_a_partner(resolver, anchors):
    """"Karakoro, Mali" (label with its country) and "Martakert (Stadt)" (with its city word) meet the English
    lists' unplaced Karakoro and Martakert through the partner they share, and the node keeps both keys; a
    Karakoro of another country is never that node."""
    from kg.records import ResolvedCity

    context = PartnerContext()
    context.add(ResolvedCity("name:ML:karakoro", "Karakoro", "ML", False), ["karakoro"], ["gn:2980916"])
    context.add(ResolvedCity("name:AZ:martakert", "Martakert", "AZ", False), ["martakert"], ["gn:616062"])
    context.add(ResolvedCity("gn:2980916", "Saint-Denis", "FR", True, geonames_id=2980916, wikidata_id="Q1"),
                ["saint denis"], [], ["Q1"])
    context.add(ResolvedCity("gn:616062", "Vagharshapat", "AM", True, geonames_id=616062, wikidata_id="Q2"),
                ["vagharshapat"], [], ["Q2"])
    refs = {"Q507761": CityRef("Karakoro, Mali", None, wikidata_id="Q507761"),
            "Q794712": CityRef("Martakert (Stadt)", None, wikidata_id="Q794712"),
            "Q1": CityRef("Saint-Denis", None, wikidata_id="Q1"), "Q2": CityRef("Vagharshapat", None, wikidata_id="Q2")}
    found = place_items(refs, [("Q507761", "Q1"), ("Q794712", "Q2")], context, resolver, anchors)
    assert (found["Q507761"].key, found["Q507761"].wikidata_id) == ("name:ML:karakoro", "Q507761")
    assert found["Q794712"].key == "name:AZ:martakert"

    refs["Q9"] = CityRef("Karakoro, Senegal", None, wikidata_id="Q9")
    found = place_items(refs, [("Q9", "Q1")], context, resolver, anchors)
    assert found["Q9"].key == "wd:Q9"


def test_two_items_of_one_unplaced_name_and_country_sharing_a_partner_are_one_node(resolver, anchors):
    """Wikidata's two items of "Rødding Kommune" (no gazetteer place) share a partner: one node with both
    QIDs; two such items twinned with each other stay two."""
    table = Anchors.from_table(json.dumps([row(1, "Rødding Kommune", "DK", 55.37, 9.06, "Q836960"),
                                           row(2, "Rødding Kommune", "DK", 55.37, 9.06, "Q12334117"),
                                           row(3, "Aabenraa", "DK", 55.04434, 9.41741, "Q3")]))
    refs = {qid: CityRef(label, None, wikidata_id=qid) for qid, label in
            (("Q836960", "Rødding Kommune"), ("Q12334117", "Rødding Kommune"), ("Q3", "Aabenraa"))}
    found = place_items(refs, [("Q836960", "Q3"), ("Q12334117", "Q3")], PartnerContext(), resolver, table)
    assert found["Q836960"].key == found["Q12334117"].key == "wd:Q836960"
    assert found["Q12334117"].wikidata_id == "Q12334117"

    found = place_items(refs, [("Q836960", "Q3"), ("Q12334117", "Q3"), ("Q836960", "Q12334117")],
                        PartnerContext(), resolver, table)
    assert found["Q836960"].key != found["Q12334117"].key


def test_a_row_whose_point_lies_outside_its_country_gives_no_country(resolver):
    """The table files Irkutsk under Sevastopol, UA, at Irkutsk's point: the point places it in Russia."""
    table = Anchors.from_table(json.dumps([row(1, "Irkutsk", "UA", 52.29778, 104.29639, "Q6576")]))
    found = place_items({"Q6576": CityRef("Irkutsk", None, wikidata_id="Q6576")}, [], PartnerContext(), resolver,
                        table)
    assert (found["Q6576"].key, found["Q6576"].country) == ("gn:2023469", "RU")
