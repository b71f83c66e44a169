"""One place, one node: on the graph as loaded (`kg load world`), how many cities and partnerships
lack a country, which Wikidata items are left as doubles of a placed node, where the Wikidata 2016 items
landed, and the probe cities. Prints figures; asserts nothing.

    kg load seeds && kg load world && python -m bench.bench_merge
"""

from __future__ import annotations

from kg.settings import Settings
from kg.store.database import Database
from kg.store.queries import read_query

PROBES = ("gn:2761369", "gn:2759794", "gn:588335")  # Vienna, Amsterdam, Tartu


def merge_figures(db: Database) -> dict:
    """The figures the issue's 'done when' names, read from the graph."""
    return db.read(read_query("merge_quality"))[0]


def main() -> None:
    db = Database(Settings.from_env())
    figures = merge_figures(db)
    cities, countryless = figures["cities_with_partner"], figures["countryless_with_partner"]
    pairs, touching = figures["partnerships"], figures["partnerships_touching_countryless"]
    print(f"cities with a partnership and no country: {countryless} of {cities} ({countryless / cities:.1%})")
    print(f"partnerships with a countryless end: {touching} of {pairs} ({touching / pairs:.1%})")
    print(f"countryless nodes without a reason: {figures['countryless_without_reason']}")
    print(f"wd: nodes sharing a partner with a placed node of their name or alias: {figures['wd_doubles']} "
          f"(disputed: {figures['wd_doubles_disputed']} share partners with two or more nodes of their name)")
    print(f"wd: nodes beside the one unplaced node of their name and country sharing a partner with them: "
          f"{figures['unplaced_doubles']}")
    items, on_places = figures["wikidata_items"], figures["wikidata_items_on_places"]
    print(f"Wikidata items on a gazetteer place: {on_places} of {items} ({on_places / max(items, 1):.1%})")
    print(f"unplaced nodes with a point: {figures['unplaced_with_point']}")
    for key in PROBES:
        row = db.read("MATCH (c:City {key: $key}) RETURN c.name AS name, "
                      "COUNT { (c)-[:PARTNER_OF]-() } AS partners", key=key)
        print(f"{key}: " + (f"{row[0]['name']}, {row[0]['partners']} partners" if row else "not in the graph"))


if __name__ == "__main__":
    main()
