"""Placing Wikidata items that come with a label only: by their own row in an offline table, else by the
partners they have in the graph already.

A bare P190 statement names two items by QID; the label alone would merge every "Newport" into one. An
item is placed, in this order:
0. `kept`: on the node that holds its QID from an earlier load;
1. `anchor`: the countries-states-cities table's row of the QID that carries the label (`kg.resolve.anchors`)
   gives the item's country and point, and the resolver places the label there like any named city (a label
   or a row named as another kind, "Lakewood Township", "Tartu vald", makes the item that kind: never the
   town of the name);
2. `partners`: a statement whose two labels match the two ends of exactly one partnership in the graph
   identifies both ends (an item whose statements point to several nodes takes one only with at least two
   votes and three times any other's);
3. `partner-names`: of the nodes bearing the item's label (in the graph, or where this load placed an
   item of that label), else of those whose own name is the label in another transcription ("Kirjat Ono",
   Kiryat Ono), the only one with a partner the item has too; run again once the names alone (rule 4) have
   placed more partners;
4. else the resolver's own rules on the label, in the country all the item's rows lie in when none carries
   the label (a wrong QID in the table still names a place of the item's country), else anywhere
   (`unique-name`: a name only one populated place in the world bears).
Anything else stays its own node, `wd:Q...`, with its label (and the anchor's country and point, when it
has one). One QID is never on two nodes. A node may hold several items of one place (a city item and its
municipality item, both named like it: Amsterdam Q727 and Q9899) when each was placed by its row or its
partners, or shares a partner with the node; two items twinned with each other are never one node.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.geo import distance_km
from kg.records import CityRef, ResolvedCity
from kg.resolve.anchors import AnchorRow, Anchors, transcribed
from kg.resolve.countries import country_code
from kg.resolve.names import fold
from kg.resolve.places import CITY, COUNTY, DISTRICT, MUNICIPALITY, REGION, read_name
from kg.resolve.registers import REGISTER_NOTE
from kg.resolve.resolver import AREA_KM, Resolver
from kg.vocabulary import wikidata_key

ANCHOR, PARTNERS, PARTNER_NAMES = "anchor", "partners", "partner-names"
STRENGTH = {"kept": 0, ANCHOR: 1, PARTNERS: 2, PARTNER_NAMES: 3}  # lower is better attested; the resolver's after
ADMINISTRATIVE = (MUNICIPALITY, COUNTY, REGION)


@dataclass
class PartnerContext:
    """The graph's cities (as `ResolvedCity`s: what the graph says of each) by folded name, and their
    partners (from sources other than the one loading)."""

    nodes: dict[str, ResolvedCity] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    partners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_qid: dict[str, str] = field(default_factory=dict)
    by_sound: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "PartnerContext":
        """From `cypher/reads/partner_context.cypher`: a row per city with its names and partner keys."""
        context = cls()
        for row in rows:
            context.add(_node(row), row.get("names") or [], row.get("partners") or [], row.get("wikidata_ids") or [])
        return context

    def add_holders(self, rows: Iterable[dict]) -> None:
        """The graph's nodes that hold Wikidata items (`cypher/reads/item_holders.cypher`), partners left out:
        an item goes back to the node that holds it (one QID, one node), and nothing else is read from the
        graph."""
        for row in rows:
            self.add(_node(row), row.get("names") or [], (), row.get("wikidata_ids") or [])

    def add(self, node: ResolvedCity, names: Iterable[str], partners: Iterable[str],
            items: Iterable[str] = ()) -> None:
        """A node with its names, partners and Wikidata items."""
        self.nodes[node.key] = node
        for name in {fold(node.name), *names}:
            self.by_name[name].add(node.key)
        if transcribed(node.name):
            self.by_sound[transcribed(node.name)].add(node.key)
        for partner in partners:
            self.partners[node.key].add(partner)
            self.partners[partner].add(node.key)
        for qid in {*items, *([node.wikidata_id] if node.wikidata_id else [])}:
            self.by_qid[qid] = node.key

    def left_apart(self, qids: Iterable[str]) -> set[str]:
        """The items among `qids` that an earlier load left on a node of their own (`wd:Q...`): a later load
        places them afresh, and they are no candidates for any item meanwhile."""
        return {qid for qid in qids if self.by_qid.get(qid) == wikidata_key(qid)}

    def named(self, label: str) -> set[str]:
        """The nodes that bear the label (folded)."""
        return self.by_name.get(fold(label), set())

    def sounding(self, label: str) -> set[str]:
        """Nodes whose own name, qualifier and kind words aside, is a plain label spelt another way: "Kirjat
        Ono" and Kiryat Ono, "Guča" and "Guča (Lučani)" (a label with a qualifier or kind word: none)."""
        if read_name(label).base != label.strip():
            return set()
        return self.by_sound.get(transcribed(label), set())


def _node(row: dict) -> ResolvedCity:
    """A graph city as the resolver's record of it."""
    return ResolvedCity(row["key"], row["name"], row.get("country"), bool(row.get("resolved")),
                        geonames_id=row.get("geonames_id"), latitude=row.get("latitude"),
                        longitude=row.get("longitude"), population=row.get("population"),
                        wikidata_id=row.get("wikidata_id"), kind=row.get("kind") or "city")


@dataclass
class Placement:
    """Where rule 1-3 put an item (a node key, or None with the reason) and by which rule."""
    key: str | None
    method: str
    reason: str | None = None


def place_items(refs: dict[str, CityRef], statements: Iterable[tuple[str, str]], context: PartnerContext,
                resolver: Resolver, anchors: Anchors | None = None) -> dict[str, ResolvedCity]:
    """QID -> where the item goes, for every item of `refs` (QID -> its CityRef). Items with a country or
    coordinates are the resolver's alone; bare items are placed by their row in `anchors`, then by their
    partners."""
    pairs = sorted({(min(pair), max(pair)) for pair in statements if pair[0] != pair[1]})
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    bare = {qid for qid, ref in refs.items()  # an item with a GeoNames ID is that place: no rule needed
            if ref.country is None and ref.latitude is None and ref.geonames_id is None}
    apart = context.left_apart(refs)
    if apart:
        left = {wikidata_key(qid) for qid in apart}
        for keys in (*context.by_name.values(), *context.by_sound.values()):
            keys -= left
    placed = {qid: Placement(context.by_qid[qid], "kept") for qid in refs if qid in context.by_qid and qid not in apart}
    anchored = _by_anchor(refs, bare - set(placed), anchors, resolver)
    placed.update({qid: Placement(city.key, ANCHOR) for qid, city in anchored.items() if city.resolved})
    # an item the gazetteer lacks at its row may still meet a node of its name by partners (of any kind: the
    # English lists' "Arlington County" is Wikidata's county item)
    open_items = bare - {qid for qid, city in anchored.items() if city.resolved}
    placed.update(_by_partnerships(pairs, refs, open_items - set(placed), context))
    _place_by_partner_names(refs, open_items, neighbours, placed, context)
    by_name = {qid: _by_name(refs[qid], anchors, resolver) for qid in sorted(open_items - set(placed) - set(anchored))}
    named = {qid: Placement(city.key, city.method or "") for qid, city in by_name.items() if city.resolved}
    _place_by_partner_names(refs, open_items - set(named), neighbours, placed, context, named)
    found = {qid: city for qid, city in by_name.items() if city.resolved}
    new_nodes = {city.key: city for city in [*found.values(), *anchored.values()] if city.resolved}
    found.update({qid: _resolved(refs[qid], placement, context, resolver, new_nodes)
                  for qid, placement in placed.items() if placement.key and placement.method != ANCHOR})
    found.update({qid: city for qid, city in anchored.items() if city.resolved})
    for qid, placement in placed.items():
        if placement.reason:
            found[qid] = _left_as_item(refs[qid], placement.reason)
    for qid, city in anchored.items():  # no gazetteer place at the row, and no node in its country by partners
        on_a_node = qid in found and found[qid].key != wikidata_key(qid)  # an unplaced node of the name that
        if qid not in found or found[qid].country != city.country or not (found[qid].resolved or on_a_node) \
                or found[qid].resolved and _far_apart(city, found[qid]):  # shares a partner is this item's node
            found[qid] = city
    for qid, ref in refs.items():
        if qid not in found:
            found[qid] = by_name.get(qid) or resolver.resolve(ref)
    _no_register_country_beside_a_namesake(found, refs, neighbours)
    return _one_item_per_node(_one_node_per_unplaced_name(found, neighbours), refs, context, neighbours)


def _no_register_country_beside_a_namesake(found: dict[str, ResolvedCity], refs: dict[str, CityRef],
                                           neighbours: dict[str, set[str]]) -> None:
    """A register says a commune bears the name, not which of two namesakes twinned with each other it is
    (Grandrieu, Lozère, and Grandrieu, Hainaut): such an item keeps no country from a register."""
    for qid, city in sorted(found.items()):
        if city.resolved or REGISTER_NOTE not in (city.reason or ""):
            continue
        label = fold(refs[qid].name)
        twin = next((other for other in sorted(neighbours.get(qid, ())) if other in refs
                     and fold(refs[other].name) == label), None)
        if twin:
            found[qid] = _left_as_item(refs[qid], f"no country: twinned with its namesake {twin}, and a "
                                                  f"{REGISTER_NOTE} cannot tell which of the two it names")


def _one_node_per_unplaced_name(found: dict[str, ResolvedCity],
                                neighbours: dict[str, set[str]]) -> dict[str, ResolvedCity]:
    """Items left on nodes of their own that bear one name in one country and share a partner are one place
    named twice (Wikidata's two items of "Rødding Kommune"): the later QIDs go onto the first one's node, unless
    two of them are twinned with each other."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for qid, city in found.items():
        if city.key == wikidata_key(qid) and city.country:
            groups[(fold(city.name), city.country)].append(qid)
    for qids in groups.values():
        if len(qids) < 2:
            continue
        qids.sort(key=lambda q: int(q[1:]))
        partners = {q: {found[o].key for o in neighbours.get(q, ()) if o in found} for q in qids}
        first = qids[0]
        for qid in qids[1:]:
            if partners[qid] & partners[first] and not neighbours.get(qid, set()) & set(qids):
                found[qid] = replace(found[first], wikidata_id=qid)
    return found


def _by_anchor(refs: dict[str, CityRef], open_items: set[str], anchors: Anchors | None,
               resolver: Resolver) -> dict[str, ResolvedCity]:
    """Rule 1: each item whose QID has a row carrying its label, resolved at that row's country and point
    (the label's spelling first, then the row's; a row named as an administrative body is that body)."""
    if anchors is None or resolver.gazetteer is None:
        return {}
    found = {}
    for qid in sorted(open_items):
        ref = refs[qid]
        row = anchors.anchor(qid, ref.name, resolver.gazetteer)
        if row is not None:
            found[qid] = _resolve_at(ref, row, resolver)
    return found


def _resolve_at(ref: CityRef, row: AnchorRow, resolver: Resolver) -> ResolvedCity:
    """The item named `ref.name`, set where `row` says."""
    label_kind, row_kind = read_name(ref.name).kind, read_name(row.name).kind
    if label_kind in ADMINISTRATIVE or label_kind == DISTRICT:  # "Lakewood Township" is not the town Lakewood
        names = [ref.name]
    elif row_kind in ADMINISTRATIVE and label_kind is None:  # "Tartu vald" is not the town Tartu
        names = [row.name]
    else:
        names = list(dict.fromkeys([ref.name, row.name]))
    at_row = replace(ref, country=row.country, latitude=row.latitude, longitude=row.longitude)
    # a row whose point lies outside its country (Irkutsk filed under Sevastopol, UA) states no country
    country = row.country if resolver.coordinates_in_country(at_row) else None
    for name in names:
        city = resolver.resolve(replace(at_row, name=name, country=country,
                                        as_written=ref.name if name != ref.name else None))
        if city.resolved:
            break
    if not city.resolved:  # its own node, in the row's country; the point only where it lies in that country
        point = resolver.coordinates_in_country(replace(ref, country=row.country, latitude=row.latitude,
                                                        longitude=row.longitude))
        city = replace(city, key=_item_key(ref), country=row.country,
                       latitude=row.latitude if point else None, longitude=row.longitude if point else None,
                       aliases=tuple(dict.fromkeys([*city.aliases, ref.name])),
                       reason=f"{city.reason} (country and point from the countries-states-cities row "
                              f"{row.row_id}, {row.name})")
    return replace(city, method=ANCHOR if city.resolved else city.method, wikidata_id=ref.wikidata_id)


def _far_apart(row: ResolvedCity, node: ResolvedCity) -> bool:
    """Is the item's row more than `AREA_KM` from the place its partners name? Then they are namesakes of one
    country (Wenzhou's "Union County": New Jersey by Wikidata's row, Illinois by the English lists' point)."""
    if row.latitude is None or row.longitude is None or node.latitude is None or node.longitude is None:
        return False
    return distance_km(row.latitude, row.longitude, node.latitude, node.longitude) > AREA_KM


def _by_name(ref: CityRef, anchors: Anchors | None, resolver: Resolver) -> ResolvedCity:
    """Rule 4: the resolver's rules on the label, in the country every row of the item lies in when they
    agree on one ("Mykolajiw" is in UA, though no row carries that spelling; "Dreikirchen" is Teiuş, RO, not
    a German village); unplaced there, the item is its own node in that country."""
    country = anchors.country(ref.wikidata_id) if anchors and ref.wikidata_id else None
    if country is None:
        return resolver.resolve(ref)
    city = resolver.resolve(replace(ref, country=country))
    if city.resolved:
        return city
    return replace(city, key=_item_key(ref), wikidata_id=ref.wikidata_id,
                   reason=f"{city.reason} (the country is that of every countries-states-cities row of "
                          f"{ref.wikidata_id})")


def _by_partnerships(pairs: list[tuple[str, str]], refs: dict[str, CityRef], open_items: set[str],
                     context: PartnerContext) -> dict[str, Placement]:
    """Rule 2: a statement matching exactly one partnership of the graph names both its ends. An item
    whose statements point to several nodes takes one only when at least two of them agree on it and it
    has three times the votes of any other (Cambridge's many partners outvote one shared with a namesake)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for a, b in pairs:
        if a not in open_items and b not in open_items:
            continue
        ends_a, ends_b = context.named(refs[a].name), context.named(refs[b].name)
        matches = {(x, y) for x in ends_a for y in context.partners.get(x, ()) if y in ends_b}
        if len(matches) == 1:
            x, y = matches.pop()
            votes[a][x] += 1
            votes[b][y] += 1
    placed = {}
    for qid, counts in votes.items():
        if qid not in open_items:
            continue
        (best, top), *others = counts.most_common()
        if not others or (top >= 2 and top >= 3 * others[0][1]):
            placed[qid] = Placement(best, PARTNERS)
        else:
            placed[qid] = Placement(None, PARTNERS, f"its partnerships point to {len(counts)} different places "
                                                    f"({', '.join(f'{k}: {n}' for k, n in counts.most_common(4))})")
    return placed


def _place_by_partner_names(refs: dict[str, CityRef], bare: set[str], neighbours: dict[str, set[str]],
                            placed: dict[str, Placement], context: PartnerContext,
                            named: dict[str, Placement] | None = None) -> None:
    """Rule 3, repeated while it places more (a placed partner can place its neighbours); `named` are items
    the resolver placed by their names, evidence for their partners but not open themselves."""
    for _ in range(3):
        evidence = {**(named or {}), **placed}
        more = _by_partner_names(refs, bare - set(placed), neighbours, evidence, context,
                                 _partners_so_far(evidence, neighbours, context))
        if not more:
            return
        placed.update(more)


def _partners_so_far(placed: dict[str, Placement], neighbours: dict[str, set[str]],
                     context: PartnerContext) -> dict[str, set[str]]:
    """Each node's partners: the other sources' (the context) and this source's between placed items (the
    city item of Amsterdam holds partners that its municipality item shares)."""
    partners = defaultdict(set, {key: set(found) for key, found in context.partners.items()})
    for qid, placement in placed.items():
        for other in neighbours.get(qid, ()):
            other_key = placed[other].key if other in placed else None
            if placement.key and other_key and other_key != placement.key:
                partners[placement.key].add(other_key)
    return partners


def _by_partner_names(refs: dict[str, CityRef], open_items: set[str], neighbours: dict[str, set[str]],
                      placed: dict[str, Placement], context: PartnerContext,
                      partners: dict[str, set[str]]) -> dict[str, Placement]:
    """Rule 3: of the nodes bearing the label (in the graph, or as an item of this source placed there), the
    only one that has a partner the item has too (the node that partner was placed on, else the nodes named
    like it; never the candidate itself: Soest, NL and Soest, DE are each other's partners)."""
    found = {}
    placed_as: dict[str, set[str]] = defaultdict(set)  # nodes this source's placed items bear the label of
    for other, placement in placed.items():
        if placement.key and other in refs:
            placed_as[fold(refs[other].name)].add(placement.key)
    for qid in sorted(open_items):
        label = refs[qid].name
        partner_nodes = [_placed_or_named(other, refs, placed, context) for other in neighbours.get(qid, ())]
        for candidates in (context.named(label) | placed_as.get(fold(label), set()) or _named_by_base(label, context),
                           context.sounding(label)):
            sharing = _sharing_a_partner(candidates, partner_nodes, partners)
            if len(sharing) == 1:
                found[qid] = Placement(sharing[0], PARTNER_NAMES)
            if sharing:  # several namesakes share partners with it: the spellings cannot settle it either
                break
    return found


def _named_by_base(label: str, context: PartnerContext) -> set[str]:
    """The nodes named like the label without its country or city word: "Karakoro, Mali" is a Karakoro in
    Mali, "Martakert (Stadt)" a Martakert (never a bracket that names a place: "Frankfurt (Oder)")."""
    reading = read_name(label)
    stated = country_code(reading.qualifier) if reading.qualifier else None
    if reading.base == label or not (stated or (reading.kind == CITY and reading.parent is None)):
        return set()
    return {key for key in context.named(reading.base)
            if stated is None or getattr(context.nodes.get(key), "country", None) == stated}


def _sharing_a_partner(candidates: set[str], partner_nodes: list[set[str]],
                       partners: dict[str, set[str]]) -> list[str]:
    """The candidates that have a partner the item has too."""
    return [node for node in sorted(candidates)
            if any((nodes - {node}) & partners.get(node, set()) for nodes in partner_nodes)]


def _resolved(ref: CityRef, placement: Placement, context: PartnerContext, resolver: Resolver,
              new_nodes: dict[str, ResolvedCity]) -> ResolvedCity:
    """The item as the node it was placed on: a gazetteer place through the resolver (canonical name, kind),
    any other node as the graph holds it or as this load makes it (`new_nodes`)."""
    node = (context.nodes.get(placement.key) or new_nodes.get(placement.key)) if placement.key else None
    if node is None:
        return _left_as_item(ref, f"placed on {placement.key}, which is not in the graph")
    place = resolver.place_by_id(node.geonames_id) if node.geonames_id else None
    if place is not None and node.key.startswith("gn:"):
        return replace(resolver.place_as(ref, place, placement.method), wikidata_id=ref.wikidata_id)
    kept_item = not node.resolved and placement.method == "kept"
    return replace(node, wikidata_id=ref.wikidata_id, method=None if kept_item else placement.method,
                   reason="its own node since an earlier load found nothing to place it by" if kept_item else None)


def _item_key(ref: CityRef) -> str:
    """The `wd:` key of an item's ref (every ref these rules see is a Wikidata item's)."""
    assert ref.wikidata_id is not None, f"{ref.name!r} reached the rules for Wikidata items without its QID"
    return wikidata_key(ref.wikidata_id)


def _placed_or_named(qid: str, refs: dict[str, CityRef], placed: dict[str, Placement],
                     context: PartnerContext) -> set[str]:
    """The node an item was placed on, else the nodes bearing its label."""
    key = placed[qid].key if qid in placed else None
    return {key} if key else context.named(refs[qid].name)


def _left_as_item(ref: CityRef, reason: str, country: str | None = None) -> ResolvedCity:
    return ResolvedCity(key=_item_key(ref), name=ref.name.strip(), country=ref.country or country,
                        resolved=False, wikidata_id=ref.wikidata_id, reason=reason)


def _one_item_per_node(found: dict[str, ResolvedCity], refs: dict[str, CityRef], context: PartnerContext,
                       neighbours: dict[str, set[str]]) -> dict[str, ResolvedCity]:
    """A node holds several items only when each was placed by its row or its partners (or held already), or
    shares a partner with the node: an item placed by its name alone on a node that holds another (by QID,
    for a stable choice, after the better-attested ones) and shares no partner with it stays a `wd:` item
    with the reason, in that node's country (the name placed it there; only the place is in doubt)."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for qid, city in found.items():
        if not city.key.startswith("wd:"):
            by_key[city.key].append(qid)
    for key, qids in by_key.items():
        own = context.nodes[key].wikidata_id if key in context.nodes else None
        ranked = sorted(qids, key=lambda q: (STRENGTH.get(found[q].method or "", 9), int(q[1:])))
        keeper = own or ranked[0]
        around = context.partners.get(key, set()) | {found[o].key for q in qids for o in neighbours.get(q, ())
                                                      if (found[q].method or "") in STRENGTH or q == keeper} - {key}
        for qid in qids:
            if qid == keeper:
                continue
            shares = ({found[o].key for o in neighbours.get(qid, ())} - {key}) & around
            twinned = neighbours.get(qid, set()) & set(qids)
            if twinned:  # Kilchberg, CH and Kilchberg, DE are each other's partners: two places
                found[qid] = _left_as_item(refs[qid], f"twinned with {min(twinned)}, which is on {key}: two "
                                                      f"places of one name")
            elif (found[qid].method or "") not in STRENGTH and not shares:
                found[qid] = _left_as_item(refs[qid], f"{keeper} is on {key} already, and this item was placed "
                                                      f"by its name alone and shares no partner with it",
                                           found[qid].country)
    return found
