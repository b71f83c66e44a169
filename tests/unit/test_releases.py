"""`kg diff`: what changed between two releases of the graph, read from two `kg export json` dumps as they
stream. No server: the dumps are written by hand in the format the export writes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.errors import KGError
from kg.store.releases import release_changes


def dump(path, nodes, pairs):
    lines = [{"format": "twinning-kg", "version": 2}]
    lines += [{"node": "City", "properties": props} for props in sorted(nodes, key=lambda p: p["key"])]
    lines += [{"relationship": kind, "start": ["City", a], "end": ["City", b], "properties": props}
              for kind, a, b, props in sorted(pairs, key=lambda p: p[:3])]
    lines.append({"total": {"nodes": len(nodes), "relationships": len(pairs)}})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


KIELCE = {"key": "gn:769250", "name": "Kielce"}
BEFORE = [KIELCE, {"key": "gn:689558", "name": "Vinnytsya"},
          {"key": "wd:Q1741", "name": "Wien", "wikidata_ids": ["Q1741"]}, {"key": "gn:750269", "name": "Bursa"}]
AFTER = [KIELCE, {"key": "gn:689558", "name": "Vinnytsia"},
         {"key": "gn:2761369", "name": "Vienna", "wikidata_ids": ["Q1741"]}, {"key": "gn:750269", "name": "Bursa"}]


def test_the_changes_between_two_releases(tmp_path):
    old = dump(tmp_path / "old.jsonl", BEFORE, [("PARTNER_OF", "gn:689558", "gn:769250", {}),
                                                ("PARTNER_OF", "gn:750269", "gn:769250", {}),
                                                ("FRIENDLY_WITH", "gn:750269", "wd:Q1741", {})])
    new = dump(tmp_path / "new.jsonl", AFTER, [("PARTNER_OF", "gn:689558", "gn:769250", {"status": "suspended"}),
                                               ("PARTNER_OF", "gn:2761369", "gn:769250", {})])
    changes = list(release_changes(old, new))
    assert changes == [
        {"change": "renamed", "what": "City", "key": "gn:689558", "other": None, "old": "Vinnytsya",
         "new": "Vinnytsia"},
        {"change": "removed", "what": "FRIENDLY_WITH", "key": "gn:750269", "other": "wd:Q1741", "old": "active",
         "new": None},
        {"change": "added", "what": "PARTNER_OF", "key": "gn:2761369", "other": "gn:769250", "old": None,
         "new": "active"},
        {"change": "status", "what": "PARTNER_OF", "key": "gn:689558", "other": "gn:769250", "old": "active",
         "new": "suspended"},
        {"change": "removed", "what": "PARTNER_OF", "key": "gn:750269", "other": "gn:769250", "old": "active",
         "new": None},
        {"change": "re-placed", "what": "Wikidata item", "key": "Q1741", "other": None, "old": "wd:Q1741",
         "new": "gn:2761369"}]
    assert list(release_changes(old, old)) == []  # a release against itself: nothing
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "change,what,key,other,old,new"
    assert "6 changes: 1 added, 1 re-placed, 2 removed, 1 renamed, 1 status" in result.stderr


def test_a_dump_out_of_order_is_refused(tmp_path):
    old = dump(tmp_path / "old.jsonl", BEFORE, [])
    lines = (tmp_path / "old.jsonl").read_text().splitlines()
    lines[1], lines[2] = lines[2], lines[1]  # two nodes swapped
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KGError, match="not in the order"):
        list(release_changes(shuffled, old))


@pytest.mark.parametrize("damage, message", [
    (lambda lines: lines[:-2], "no closing line: the file is cut off"),  # cut at a line boundary
    (lambda lines: ['{"format": "twinning-kg", "version": 99}'] + lines[1:], "not a twinning-kg export"),
    (lambda lines: lines[:2] + ['{"hello": "world"}'] + lines[2:], "neither a node, a relationship"),
    (lambda lines: lines[:2] + ['{"node": "City", "properties": 7}'] + lines[2:], "missing key"),
    (lambda lines: lines[:2] + ['{"relationship": "PARTNER_OF", "start": 1}'] + lines[2:], "no such node"),
])
def test_both_files_are_checked_as_the_import_checks_a_dump(tmp_path, damage, message):
    """A cut-off dump is no release that lost its partnerships, a foreign or future file no release at all,
    and a malformed record one line naming it, never a traceback."""
    from kg.errors import InputError

    good = dump(tmp_path / "good.jsonl", BEFORE, [("PARTNER_OF", "gn:689558", "gn:769250", {})])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(damage(good.read_text().splitlines())) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(release_changes(good, bad))
    result = CliRunner().invoke(cli, ["diff", str(bad), str(good)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
