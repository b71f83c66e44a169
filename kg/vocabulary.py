"""The words the graph is made of, defined once: node labels, relationship types and the names the CLI gives
them, the forms a City key takes, and the "Name, CC" form a source or a user refers to a city by.

The neomodel classes (`kg.store.models`) are built from these names, and a test checks that they agree.
"""

from __future__ import annotations

import re

# -- nodes and relationships ---------------------------------------------------------------------------
LABELS = ("Country", "Source", "City", "Association", "Project", "Event", "TwinningForm")
PARTNER_OF, FRIENDLY_WITH, MEMBER_OF = "PARTNER_OF", "FRIENDLY_WITH", "MEMBER_OF"
IN_COUNTRY, PART_OF, TOOK_PART_IN = "IN_COUNTRY", "PART_OF", "TOOK_PART_IN"
GREW_FROM, SECRETARIAT_IN, HELD_IN = "GREW_FROM", "SECRETARIAT_IN", "HELD_IN"
RELATIONSHIP_TYPES = (PARTNER_OF, FRIENDLY_WITH, MEMBER_OF, IN_COUNTRY, TOOK_PART_IN, GREW_FROM, SECRETARIAT_IN,
                      HELD_IN, PART_OF)
PAIR_RELATIONS = (PARTNER_OF, FRIENDLY_WITH)  # stored once per pair, read undirected
# what `--rel` accepts on the command line, and the type each stands for
RELATION_CHOICES = {"partner": PARTNER_OF, "friendly": FRIENDLY_WITH, "member": MEMBER_OF}
CITY, DISTRICT, MUNICIPALITY, COUNTY, REGION = "city", "district", "municipality", "county", "region"
PLACE_KINDS = (CITY, DISTRICT, MUNICIPALITY, COUNTY, REGION)  # what a City node stands for
# the kind a node keeps when sources disagree: the most specific (a ward named "Shinjuku" by one source and
# "Tokyo – Shinjuku" by another is a district)
KIND_PRECEDENCE = ("district", "municipality", "county", "region", "city")
# how a node was placed, strongest evidence first: the one it keeps when sources placed it differently
RESOLUTION_PRECEDENCE = ("pinned", "name", "qualifier", "prefix", "homonym", "part", "subdivision", "boundary",
                         "municipality-town", "joint-name", "nearby", "only-town", "anchor", "partners",
                         "partner-names", "unique-name", "unique-other-name", "spelling")

# -- City keys -------------------------------------------------------------------------------------------
GEONAMES, SUBDIVISION, BOUNDARY, PART, WIKIDATA, UNRESOLVED = "gn", "iso", "geob", "part", "wd", "name"
CITY_KEY = re.compile(r"(gn:\d+|iso:[A-Z]{2}-[A-Z0-9]+|geob:\w+|part:\S.*|name:[A-Z]{2}:.+|wd:Q\d+)")


def geonames_key(geonames_id: int) -> str:
    """A populated place of the gazetteer: 'gn:3067696'."""
    return f"{GEONAMES}:{geonames_id}"


def subdivision_key(code: str) -> str:
    """An ISO 3166-2 subdivision: 'iso:GB-TAM'."""
    return f"{SUBDIVISION}:{code}"


def boundary_key(shape_id: str) -> str:
    """A geoBoundaries shape: 'geob:24449704B27916730634453'."""
    return f"{BOUNDARY}:{shape_id}"


def part_key(city_key: str, label: str) -> str:
    """A district the gazetteer lacks, by its city and its number or folded name: 'part:gn:3067696:6'."""
    return f"{PART}:{city_key}:{label}"


def wikidata_key(qid: str) -> str:
    """A Wikidata item no gazetteer place was found for: 'wd:Q1017790'."""
    return f"{WIKIDATA}:{qid}"


def unresolved_key(country: str | None, folded_name: str) -> str:
    """A name left unresolved, stable for the same (name, country): 'name:PL:gulcz wielen'."""
    return f"{UNRESOLVED}:{country or 'XX'}:{folded_name}"


def has_own_point(key: str) -> bool:
    """Does the place of this key carry its own point (a GeoNames place, a geoBoundaries shape)? Any other
    node's point is one a source stated."""
    return key.split(":", 1)[0] in (GEONAMES, BOUNDARY)


def is_city_key(text: str) -> bool:
    """Is the text a City key in one of its forms (gn:, iso:, geob:, part:, wd:, name:)?"""
    return CITY_KEY.fullmatch(text.strip()) is not None


# -- referring to a city -----------------------------------------------------------------------------------
def city_reference(name: str, country: str | None) -> str:
    """How the sources, drafts and users name a city: 'Valga, EE' (or the name alone)."""
    return f"{name}, {country}" if country else name


def split_reference(text: str) -> tuple[str, str | None]:
    """'Valga, EE' -> ('Valga', 'EE'); 'St. Cloud, Minnesota, US' -> ('St. Cloud, Minnesota', 'US');
    'Kielce' -> ('Kielce', None). Whether the tail is a country is for the caller to decide."""
    head, comma, tail = text.strip().rpartition(",")
    return (head.strip(), tail.strip()) if comma and head.strip() else (text.strip(), None)
