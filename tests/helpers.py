"""Small helpers shared by tests (no assertions of their own)."""

from __future__ import annotations

import json
from pathlib import Path

from kg.store.database import Database


def graph_snapshot(db: Database) -> tuple[list, list]:
    """Every node and relationship with all properties, sorted, lists as the sets they are (a dump writes
    them sorted): equal snapshots mean equal graphs."""
    nodes = db.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = db.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.key, a.code) AS a, "
                   "coalesce(b.key, b.code) AS b, properties(r) AS props")
    for row in nodes + rels:
        row["props"] = {k: sorted(v) if isinstance(v, list) else v for k, v in row["props"].items()}
    canon = lambda rows: sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)  # noqa: E731
    return canon(nodes), canon(rels)


# Twelve clubs of five cities: every city of a club is a partner of the four others, the clubs lie apart and
# each club's first city is a partner of the next club's first city. Kielce-Lublin is left out on purpose:
# Lublin shares three partners with Kielce, every other city at most one, so Lublin is the right suggestion.
CLUBS = {
    ("PL", 50.9, 20.6): ["Kielce", "Radom", "Tarnów", "Rzeszów", "Lublin"],
    ("EE", 58.4, 26.7): ["Tartu", "Viljandi", "Valga", "Võru", "Põlva"],
    ("FR", 47.4, 0.7): ["Tours", "Blois", "Vendôme", "Chinon", "Amboise"],
    ("DE", 49.0, 8.4): ["Karlsruhe", "Bruchsal", "Rastatt", "Ettlingen", "Bretten"],
    ("IT", 43.8, 11.2): ["Firenze", "Prato", "Pistoia", "Empoli", "Arezzo"],
    ("ES", 40.4, -3.7): ["Getafe", "Leganés", "Alcorcón", "Móstoles", "Parla"],
    ("CZ", 49.2, 16.6): ["Brno", "Blansko", "Vyškov", "Hodonín", "Znojmo"],
    ("SE", 59.3, 18.1): ["Solna", "Sundbyberg", "Nacka", "Täby", "Huddinge"],
    ("NL", 52.1, 5.1): ["Utrecht", "Zeist", "Nieuwegein", "Houten", "Woerden"],
    ("UA", 49.2, 28.5): ["Vinnytsia", "Khmilnyk", "Bar", "Haisyn", "Tulchyn"],
    ("LT", 54.7, 25.3): ["Vilnius", "Trakai", "Elektrėnai", "Ukmergė", "Širvintos"],
    ("HU", 47.5, 19.0): ["Érd", "Budaörs", "Szentendre", "Vác", "Gödöllő"],
}
LEFT_OUT = ("Kielce", "Lublin")


def hand_made_clubs() -> tuple[list[list], list[list]]:
    """City rows [key, name, country, lat, lon, population, kind, whole] and partnership rows [key, key], as
    `suggest_cities` and `suggest_pairs` return them (the names are the keys)."""
    cities, pairs, firsts = [], [], []
    for (country, lat, lon), names in CLUBS.items():
        for i, name in enumerate(names):
            cities.append([name, name, country, lat + 0.1 * i, lon + 0.1 * i, 50_000 + 10_000 * i, "city", None])
        pairs += [[a, b] for i, a in enumerate(names) for b in names[i + 1:] if {a, b} != set(LEFT_OUT)]
        firsts.append(names[0])
    pairs += [[a, b] for a, b in zip(firsts, firsts[1:])]
    cities.append(["Kielce-Centrum", "Kielce-Centrum", "PL", 50.87, 20.63, 20_000, "district", "Kielce"])
    return cities, pairs


def round_trip(run_kg, folder: Path) -> tuple[bytes, bytes, list[dict]]:
    """Export, clear, import and export again through the CLI: (the first dump, the second, the first's
    records); a command that fails raises with its output."""
    first, second = folder / "first.jsonl", folder / "second.jsonl"
    for argv in (("export", "json", "-o", str(first)), ("db", "clear", "--yes"), ("import", "json", str(first)),
                 ("export", "json", "-o", str(second))):
        result = run_kg(*argv)
        if result.exit_code != 0:
            raise RuntimeError(f"kg {' '.join(argv)}: {result.output}")
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    return first.read_bytes(), second.read_bytes(), records
