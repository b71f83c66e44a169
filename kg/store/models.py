"""The schema of record: neomodel node and relationship classes.

Constraints and indexes come from here (`kg db init` runs neomodel's `install_all_labels`);
`cypher/schema.cypher` shows the same schema to a reader. Bulk writes do not go through these
classes (see `kg.store.writer`); they serve object-level reads such as `City.nodes.get(key=...)`.

Provenance, on every relationship: `sources` (citations such as `000_338dc196583c97ae.txt:5` or
`hekman_twincities:twin_cities_raw.csv:812`), `source_ids` (keys of `Source` nodes) and `claimed_by`
(keys of the cities or associations whose own document states the fact).
"""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
    ZeroOrOne,
)

from kg.vocabulary import (
    FRIENDLY_WITH,
    GREW_FROM,
    HELD_IN,
    IN_COUNTRY,
    MEMBER_OF,
    PART_OF,
    PARTNER_OF,
    PLACE_KINDS,
    SECRETARIAT_IN,
    TOOK_PART_IN,
)


class Provenance(StructuredRel):
    """What every relationship carries: where the fact comes from and who claims it."""

    sources = ArrayProperty(StringProperty(), default=list)
    source_ids = ArrayProperty(StringProperty(), default=list)
    claimed_by = ArrayProperty(StringProperty(), default=list)


class PartnershipRel(Provenance):
    """PARTNER_OF: a formal partnership (signed agreement), stored once per pair, read undirected."""

    claims = ArrayProperty(StringProperty(), default=list)  # "<claimant key>@<source key>": who claims it where
    dates = ArrayProperty(StringProperty(), default=list)  # "<since>|<file:line>": every statement's own date
    since = StringProperty()  # year or ISO date as the source gives it: "1960", "2015-11-13"
    since_year = IntegerProperty(index=True)
    renewed = ArrayProperty(IntegerProperty(), default=list)
    areas = ArrayProperty(StringProperty(), default=list)
    kind = StringProperty()  # e.g. "cross_border_pair" for the City Twins Association's pairs
    status = StringProperty()  # active, suspended or ended: the latest cited change, null if none is known
    status_since = StringProperty()  # "2022", "2022-03" or "2022-03-23"
    status_source = StringProperty()  # file:line of the change it follows
    status_changes = ArrayProperty(StringProperty(), default=list)  # "<since>|<status>|<file:line>|<url>"


class FriendlyRel(Provenance):
    """FRIENDLY_WITH: informal contacts without a signed agreement (the same facts a partnership can have)."""

    claims = ArrayProperty(StringProperty(), default=list)
    dates = ArrayProperty(StringProperty(), default=list)
    since = StringProperty()
    since_year = IntegerProperty()
    renewed = ArrayProperty(IntegerProperty(), default=list)
    areas = ArrayProperty(StringProperty(), default=list)
    kind = StringProperty()
    status = StringProperty()


class MembershipRel(Provenance):
    """MEMBER_OF: `status` is `member`, or `cooperating` for a partner that has not joined yet."""

    status = StringProperty(choices={"member": "member", "cooperating": "cooperating"})
    note = StringProperty()


class PartRel(Provenance):
    """PART_OF from a district to its city; `basis` is "part" (its name sets it there) or "name" (GeoNames
    lists it as a section of a populated place)."""

    basis = StringProperty()


class ParticipationRel(Provenance):
    """TOOK_PART_IN: a city in a project, with its role."""
    role = StringProperty()


class Country(StructuredNode):
    """A country (ISO 3166-1), with its continent."""
    code = StringProperty(unique_index=True, required=True)  # ISO 3166-1 alpha-2 (Kosovo: XK)
    name = StringProperty(required=True)
    continent = StringProperty()


class Source(StructuredNode):
    """A document or dataset that facts come from, with what a citation needs."""

    key = StringProperty(unique_index=True, required=True)
    title = StringProperty()
    kind = StringProperty()  # document | dataset | curated
    file = StringProperty()
    url = StringProperty()
    licence = StringProperty()
    attribution = StringProperty()
    claimed_by = StringProperty()  # whose document it is, when it is one side's own page
    revision = StringProperty()  # the upstream commit, or "sha256:..." of the files when upstream tags none
    retrieved = StringProperty()  # ISO date the data was taken from upstream
    year = StringProperty()  # the year of the data (a crawl's, a scrape's)


class City(StructuredNode):
    """A place that twins. `key` is `gn:<GeoNames id>` for a populated place, `iso:<ISO 3166-2 code>` or
    `geob:<geoBoundaries shape id>` for an administrative body, `wd:<QID>` or `name:<CC>:<folded name>` when
    unresolved."""

    key = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True, index=True)
    name_folded = StringProperty(index=True)  # lower case, accents removed: for search
    country = StringProperty(index=True)
    aliases = ArrayProperty(StringProperty(), default=list)  # spellings as the sources wrote them
    # "source|spelling" the gazetteer lists: the voices the display name is chosen by
    spellings = ArrayProperty(StringProperty(), default=list)
    search_names = ArrayProperty(StringProperty(), default=list)  # folded name and aliases
    geonames_id = IntegerProperty(index=True)
    wikidata_id = StringProperty(index=True)
    wikidata_ids = ArrayProperty(StringProperty(), default=list)  # every item of this place (city, municipality)
    wikidata_resolution = StringProperty()  # how the first item was placed here: anchor, partners, unique-name, ...
    resolved = BooleanProperty(default=False)
    resolution = StringProperty()  # how the gazetteer placed it: name, qualifier, part, nearby, unique-name, ...
    unresolved_reason = StringProperty()  # why it is not placed on a gazetteer place (when it is not)
    kind = StringProperty(index=True, choices={k: k for k in PLACE_KINDS})
    latitude = FloatProperty()
    longitude = FloatProperty()
    # the source whose stated point the node shows, when no gazetteer gives one (of several, the source whose
    # key sorts first, so the point does not depend on the order of loads)
    point_source = StringProperty()
    population = IntegerProperty()
    population_year = IntegerProperty()
    population_text = StringProperty()
    region = StringProperty()
    website = StringProperty()
    description = StringProperty()
    discrepancies = ArrayProperty(StringProperty(), default=list)
    source_ids = ArrayProperty(StringProperty(), default=list)

    in_country = RelationshipTo(Country, IN_COUNTRY, cardinality=ZeroOrOne, model=Provenance)
    part_of = RelationshipTo("City", PART_OF, cardinality=ZeroOrOne, model=PartRel)  # a district's city
    partners = RelationshipTo("City", PARTNER_OF, model=PartnershipRel)
    friends = RelationshipTo("City", FRIENDLY_WITH, model=FriendlyRel)
    associations = RelationshipTo("Association", MEMBER_OF, model=MembershipRel)
    projects = RelationshipTo("Project", TOOK_PART_IN, model=ParticipationRel)


class Association(StructuredNode):
    """An association cities join (a network of twinned towns, ...)."""
    key = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    acronym = StringProperty()
    founded = StringProperty()
    website = StringProperty()
    areas = ArrayProperty(StringProperty(), default=list)
    description = StringProperty()
    source_ids = ArrayProperty(StringProperty(), default=list)

    members = RelationshipFrom(City, MEMBER_OF, model=MembershipRel)
    secretariat = RelationshipTo(City, SECRETARIAT_IN, cardinality=ZeroOrOne, model=Provenance)
    grew_from = RelationshipTo("Project", GREW_FROM, model=Provenance)


class Project(StructuredNode):
    """Cooperation on a joint project, one of the three forms of twinning."""

    key = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    acronym = StringProperty()
    start_date = StringProperty()
    end_date = StringProperty()
    programme = StringProperty()
    budget_eur = FloatProperty()
    eu_share = FloatProperty()
    status = StringProperty()
    partner_count = IntegerProperty()
    description = StringProperty()
    source_ids = ArrayProperty(StringProperty(), default=list)

    participants = RelationshipFrom(City, TOOK_PART_IN, model=ParticipationRel)


class Event(StructuredNode):
    """An event a source records, at a city and a date."""
    key = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    date = StringProperty()
    description = StringProperty()
    source_ids = ArrayProperty(StringProperty(), default=list)

    held_in = RelationshipTo(City, HELD_IN, model=Provenance)
    part_of = RelationshipTo(Project, PART_OF, model=Provenance)


class TwinningForm(StructuredNode):
    """The forms town twinning takes (document 003) and the relationship that expresses each."""

    key = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    definition = StringProperty()
    expressed_as = StringProperty()
    source_ids = ArrayProperty(StringProperty(), default=list)


NODE_CLASSES = (Country, Source, City, Association, Project, Event, TwinningForm)
LABELS = tuple(cls.__name__ for cls in NODE_CLASSES)  # the same as kg.vocabulary.LABELS (tested)
