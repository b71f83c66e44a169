"""Placing Wikidata items that come with a label only, by the partners they have in the graph already.

A bare P190 statement names two items by QID; the label alone would merge every "Newport" into one. An
item is placed on a node of the graph only when its partners say so, in this order:
1. `partners`: a statement whose two labels match the two ends of exactly one partnership in the graph
   identifies both ends (an item whose statements point to several nodes takes one only with at least two
   votes and three times any other's);
2. `partner-names`: of the nodes bearing the item's label, the only one with a partner named like one of
   the item's partners (or on the node a partner was placed on);
3. else the resolver's own rules (`unique-name`: a name only one populated place in the world bears).
Anything else stays its own node, `wd:Q...`, with its label. One QID is never on two nodes and one node
never takes two QIDs: a node that already carries a QID keeps it, and when two items would land on one
node, the better-attested one takes it and the other stays `wd:` with the reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.records import CityRef, ResolvedCity
from kg.resolve.names import fold
from kg.resolve.resolver import Resolver
from kg.vocabulary import wikidata_key

PARTNERS, PARTNER_NAMES = "partners", "partner-names"
STRENGTH = {"kept": 0, PARTNERS: 1, PARTNER_NAMES: 2}  # lower is better attested; the resolver's methods after


@dataclass
class PartnerContext:
    """The graph's cities (as `ResolvedCity`s: what the graph says of each) by folded name, and their
    partners (from sources other than the one loading)."""

    nodes: dict[str, ResolvedCity] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    partners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_qid: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> "PartnerContext":
        """From `cypher/reads/partner_context.cypher`: a row per city with its names and partner keys."""
        context = cls()
        for row in rows:
            node = ResolvedCity(row["key"], row["name"], row.get("country"), bool(row.get("resolved")),
                                geonames_id=row.get("geonames_id"), latitude=row.get("latitude"),
                                longitude=row.get("longitude"), population=row.get("population"),
                                wikidata_id=row.get("wikidata_id"), kind=row.get("kind") or "city")
            context.add(node, row.get("names") or [], row.get("partners") or [])
        return context

    def add(self, node: ResolvedCity, names: Iterable[str], partners: Iterable[str]) -> None:
        self.nodes[node.key] = node
        for name in {fold(node.name), *names}:
            self.by_name[name].add(node.key)
        for partner in partners:
            self.partners[node.key].add(partner)
            self.partners[partner].add(node.key)
        if node.wikidata_id:
            self.by_qid[node.wikidata_id] = node.key

    def named(self, label: str) -> set[str]:
        return self.by_name.get(fold(label), set())


@dataclass
class Placement:
    key: str | None
    method: str
    reason: str | None = None


def place_items(refs: dict[str, CityRef], statements: Iterable[tuple[str, str]], context: PartnerContext,
                resolver: Resolver) -> dict[str, ResolvedCity]:
    """QID -> where the item goes, for every item of `refs` (QID -> its CityRef). Items with a country or
    coordinates are the resolver's alone; bare items are placed by their partners first."""
    pairs = sorted({tuple(sorted(pair)) for pair in statements if pair[0] != pair[1]})
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    bare = {qid for qid, ref in refs.items() if ref.country is None and ref.latitude is None}
    placed = {qid: Placement(context.by_qid[qid], "kept") for qid in refs if qid in context.by_qid}
    placed.update(_by_partnerships(pairs, refs, bare - set(placed), context))
    for _ in range(3):  # a placed partner can place its neighbours
        more = _by_partner_names(refs, bare - set(placed), neighbours, placed, context)
        if not more:
            break
        placed.update(more)
    found = {qid: _resolved(refs[qid], placement, context, resolver) for qid, placement in placed.items()
             if placement.key}
    for qid, ref in refs.items():
        if qid not in found and not (qid in placed and placed[qid].reason):
            found[qid] = resolver.resolve(ref)
    for qid, placement in placed.items():
        if placement.reason:
            found[qid] = _left_as_item(refs[qid], placement.reason)
    return _one_item_per_node(found, refs, context)


def _by_partnerships(pairs: list[tuple[str, str]], refs: dict[str, CityRef], open_items: set[str],
                     context: PartnerContext) -> dict[str, Placement]:
    """Rule 1: a statement matching exactly one partnership of the graph names both its ends. An item
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


def _by_partner_names(refs: dict[str, CityRef], open_items: set[str], neighbours: dict[str, set[str]],
                      placed: dict[str, Placement], context: PartnerContext) -> dict[str, Placement]:
    """Rule 2: of the nodes bearing the label, the only one that has a partner the item has too (by name,
    or the node that partner was placed on)."""
    found = {}
    for qid in sorted(open_items):
        candidates = context.named(refs[qid].name)
        if not candidates:
            continue
        scores = {}
        for node in candidates:
            around = context.partners.get(node, set())
            scores[node] = sum(1 for other in neighbours.get(qid, ())
                               if (placed.get(other) and placed[other].key in around)
                               or context.named(refs[other].name) & around)
        best = [node for node, score in scores.items() if score > 0]
        if len(best) == 1:
            found[qid] = Placement(best[0], PARTNER_NAMES)
    return found


def _resolved(ref: CityRef, placement: Placement, context: PartnerContext, resolver: Resolver) -> ResolvedCity:
    """The item as the node it was placed on: a gazetteer place through the resolver (canonical name, kind),
    any other node as the graph holds it."""
    node = context.nodes.get(placement.key)
    if node is None:
        return _left_as_item(ref, f"placed on {placement.key}, which is not in the graph")
    place = resolver.place_by_id(node.geonames_id) if node.geonames_id else None
    if place is not None and node.key.startswith("gn:"):
        return replace(resolver.place_as(ref, place, placement.method), wikidata_id=ref.wikidata_id)
    kept_item = not node.resolved and placement.method == "kept"
    return replace(node, wikidata_id=ref.wikidata_id, method=None if kept_item else placement.method,
                   reason="its own node since an earlier load found nothing to place it by" if kept_item else None)


def _left_as_item(ref: CityRef, reason: str) -> ResolvedCity:
    return ResolvedCity(key=wikidata_key(ref.wikidata_id), name=ref.name.strip(), country=ref.country,
                        resolved=False, wikidata_id=ref.wikidata_id, reason=reason)


def _one_item_per_node(found: dict[str, ResolvedCity], refs: dict[str, CityRef],
                       context: PartnerContext) -> dict[str, ResolvedCity]:
    """No node takes two QIDs: a node's own QID stays; else the best-attested item takes it (by method, then
    QID for a stable choice) and the others stay `wd:` items with the reason."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for qid, city in found.items():
        if not city.key.startswith("wd:"):
            by_key[city.key].append(qid)
    for key, qids in by_key.items():
        own = context.nodes[key].wikidata_id if key in context.nodes else None
        ranked = sorted(qids, key=lambda q: (STRENGTH.get(found[q].method or "", 3), int(q[1:])))
        keeper = own or ranked[0]
        for qid in qids:
            if qid != keeper:
                found[qid] = _left_as_item(refs[qid], f"{keeper} is on {key} already; a node is never two items")
    return found
