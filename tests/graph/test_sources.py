"""Several sources in one graph: Wikidata items placed by their partners, Italian rows, where sources agree.

Each test loads real rows, copied line for line out of the shipped files (kg/data/world/).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.helpers import graph_snapshot

WORLD = Path(__file__).resolve().parents[2] / "kg" / "data" / "world"


def excerpt(source: Path, numbers: list[int], target: Path, header: bool = True) -> Path:
    """The given lines of `source` (1-based; the header too when `header`), written to `target`."""
    lines = source.read_text(encoding="utf-8").splitlines()
    keep = ([lines[0]] if header else []) + [lines[n - 1] for n in numbers]
    target.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return target


def wikidata_excerpt(tmp_path: Path, numbers: list[int]) -> tuple[Path, Path]:
    """Statements from the 2016 P190 file and the labels of every item they name."""
    relations = excerpt(WORLD / "wikidata_p190_relations.tsv", numbers, tmp_path / "p190.tsv", header=False)
    items = set(relations.read_text(encoding="utf-8").split())
    names = [line for line in (WORLD / "wikidata_p190_names.tsv").read_text(encoding="utf-8").splitlines()
             if line.split("\t")[0] in items]
    labels = tmp_path / "labels.tsv"
    labels.write_text("\n".join(names) + "\n", encoding="utf-8")
    return relations, labels


ENGLISH_LINES = [531, 532, 18030, 18031,  # Orange (AU) - Orange (US), Orange - Timaru, Timaru - Orange (US)
                 6836, 6837, 10875, 22958,  # Luton with Bergisch Gladbach and Eskilstuna, from both sides
                 7992, 18418]  # Kemi - Luleå, Tromsø - Luleå
WIKIDATA_LINES = [27131, 27134, 27135, 16060, 15230, 17481,  # Luton (Q203889) with Bergisch Gladbach, two Eskilstunas
                  10881, 22103,  # Timaru (Q1016574) - Orange (Q491350), both ways
                  12094, 12243, 12760, 12761,  # Luleå municipality (Q177019) with Kemi and Tromsø
                  8191, 14437,  # Luleå city (Q26268) with Murmansk and Çeşme
                  13921, 27434]  # Aberdare (Q319369) - Montélimar


def test_wikidata_items_are_placed_by_their_partners_or_stay_items(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    english = excerpt(WORLD / "twin_cities_raw.csv", ENGLISH_LINES, tmp_path / "english.csv")
    assert run_kg("load", "csv", str(english), "-q").exit_code == 0
    relations, labels = wikidata_excerpt(tmp_path, WIKIDATA_LINES)
    result = run_kg("load", "wikidata", str(relations), "--names", str(labels))
    assert result.exit_code == 0, result.output
    items = {r["q"]: r for r in empty_db.read(
        "MATCH (c:City) UNWIND c.wikidata_ids AS q RETURN q, c.key AS key, c.name AS name, "
        "c.wikidata_resolution AS how, c.resolved AS resolved, c.wikidata_id AS first")}
    # rule 1: the countries-states-cities row of the QID, carrying the label, gives the place
    assert items["Q203889"]["key"] == "gn:2643339" and items["Q203889"]["how"] == "anchor"  # Luton
    assert items["Q1016574"]["key"] == "gn:2181133"  # Timaru
    assert items["Q319369"]["name"] == "Aberdare" and items["Q319369"]["key"].startswith("gn:")
    # rule 2: an item without a row, a statement matching one partnership of the graph places both ends
    assert items["Q3117"]["name"] == "Bergisch Gladbach" and items["Q3117"]["how"] == "partners"
    # a city item and its municipality item are one place: Luleå (Q26268 by its row, Q177019 by its
    # partners), Eskilstuna (Q26498 by its row, Q503144 by its partners); no QID is on two nodes
    assert items["Q26268"]["key"] == items["Q177019"]["key"] == "gn:604490"
    assert items["Q26498"]["key"] == items["Q503144"]["key"] and items["Q26498"]["name"] == "Eskilstuna"
    twice = empty_db.read("MATCH (c:City) UNWIND c.wikidata_ids AS q WITH q, count(*) AS n WHERE n > 1 RETURN q")
    assert twice == []
    # Luton - Bergisch Gladbach: one relationship, two sources, each statement cited with its claimant
    row = empty_db.read("MATCH (a:City {key: 'gn:2643339'})-[r:PARTNER_OF]-(b:City {name: 'Bergisch Gladbach'}) "
                        "RETURN r.sources AS s, r.source_ids AS ids, r.claimed_by AS c, a.key AS a, b.key AS b")[0]
    assert sorted(row["s"]) == ["english.csv:6", "english.csv:8", "p190.tsv:1", "p190.tsv:4"]
    assert len(row["ids"]) == 2 and set(row["c"]) == {row["a"], row["b"]}
    before = graph_snapshot(empty_db)
    assert run_kg("load", "wikidata", str(relations), "--names", str(labels), "-q").exit_code == 0
    after = graph_snapshot(empty_db)
    assert [x for x in after[0] if x not in before[0]] == [] and after == before  # every item where it was


def test_italian_rows_load_with_their_provinces_and_country_names(run_kg, empty_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    result = run_kg("load", "world", "--source", "it-wikipedia", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["sources"]["it-wikipedia"]
    assert summary["rows_read"] == 4582 and summary["invalid_rows"] == 5  # 7 problems in 5 rows
    assert summary["new_pair_relationships"] + summary["statements_on_existing_relationships"] == 4577
    arpino = empty_db.read("MATCH (c:City) WHERE 'arpino' IN c.aliases RETURN c.key AS key, c.name AS name")
    assert arpino == [{"key": "gn:3182807", "name": "Arpino"}]  # Lazio's, not Campania's, as partner too
    brno = empty_db.read("MATCH (c:City) WHERE 'brno-bosonohy' IN c.aliases RETURN c.country AS cc, c.name AS name")
    assert brno == [{"cc": "CZ", "name": "Bosonohy"}]  # in "rep. ceca"; the gazetteer's name
    gluda = empty_db.read("MATCH (c:City {key: 'name:LV:gluda'}) RETURN c.name AS name, c.aliases AS aliases")
    assert gluda == [{"name": "Gluda", "aliases": ["gluda"]}]  # left unresolved: its name in proper case
    rejected = list(csv.reader((tmp_path / "world-it-wikipedia.rejected.csv").open(encoding="utf-8")))
    assert [r[1:4] for r in rejected if r[1] == "2019"] == [["2019", "second_country", "unknown country 'kurdistan'"]]


def test_load_order_changes_nothing(run_kg, empty_db, tmp_path, monkeypatch):
    """Wikidata loading last made Setagaya, a district by the English lists' "Setagaya (Tokyo)", a
    city again. The sources loaded in either order give the same graph (lists compared as sets: only the
    order in which citations were appended differs). The items here are placed by their own rows; an item
    placed by its partners needs them loaded first, which is why `kg load world` loads Wikidata last."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    english = excerpt(WORLD / "twin_cities_raw.csv", [375, 3904], tmp_path / "english.csv")
    relations, labels = wikidata_excerpt(tmp_path, [3986, 25856])  # Winnipeg - Setagaya, both ways
    english_load = ("load", "csv", str(english), "-q")
    wikidata_load = ("load", "wikidata", str(relations), "--names", str(labels), "-q")
    dumps = []
    for order in ((english_load, wikidata_load), (wikidata_load, english_load)):
        empty_db.clear()
        for load in order:
            assert run_kg(*load).exit_code == 0
        dump = tmp_path / f"dump{len(dumps)}.jsonl"
        assert run_kg("export", "json", "-o", str(dump)).exit_code == 0
        dumps.append(sorted(json.dumps(canonical(json.loads(line)), sort_keys=True)
                            for line in dump.read_text(encoding="utf-8").splitlines()))
    assert dumps[0] == dumps[1]
    setagaya = empty_db.read("MATCH (c:City) WHERE 'Q231645' IN c.wikidata_ids RETURN c.kind AS kind, "
                             "c.resolution AS how, EXISTS { (c)-[:PART_OF]->(:City {key: 'gn:1850147'}) } AS part")
    assert setagaya == [{"kind": "district", "how": "part", "part": True}]


def canonical(record: dict) -> dict:
    """A dump line with its lists as sorted lists."""
    props = record.get("properties") or {}
    return {**record, "properties": {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in props.items()}}


def test_a_homonym_wikidata_contradicts_is_left_unresolved_with_both_reasons(run_kg, empty_db, tmp_path,
                                                                           monkeypatch):
    """Cergy's partner "Columbia" was Columbia, South Carolina by the English lists' geocoded point;
    Wikidata's statements (Q193903 - Q397905, from both sides) name Columbia, Maryland. The English
    statement moves to the name left unresolved, which says why; nothing is dropped, and a re-run changes
    nothing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_REPORT_DIR", str(tmp_path))  # the review files, here
    english = excerpt(WORLD / "twin_cities_raw.csv", [8800], tmp_path / "english.csv")
    assert run_kg("load", "csv", str(english), "-q").exit_code == 0
    relations, labels = wikidata_excerpt(tmp_path, [31233, 32926])
    result = run_kg("load", "wikidata", str(relations), "--names", str(labels))
    assert result.exit_code == 0 and "Homonyms: 1 statements" in result.output
    partners = {r["key"]: r for r in json.loads(run_kg("partners", "Cergy", "--format", "json").stdout)}
    assert set(partners) == {"gn:4352053", "name:US:columbia"}  # Maryland; the English name, unresolved
    assert partners["name:US:columbia"]["sources"] == ["english.csv:2"]
    reason = empty_db.read("MATCH (c:City {key: 'name:US:columbia'}) RETURN c.unresolved_reason AS r")[0]["r"]
    assert "gn:4575352" in reason and "gn:4352053" in reason
    before = graph_snapshot(empty_db)
    for load in (("load", "csv", str(english), "-q"),
                 ("load", "wikidata", str(relations), "--names", str(labels), "-q")):
        assert run_kg(*load).exit_code == 0
    assert graph_snapshot(empty_db) == before
