"""What merging a node left apart into its place does to provenance: lists joined as sets, the earliest
start, claims moved to the new key, nothing the kept side states overwritten."""

from __future__ import annotations

from kg.store.writer import _rekeyed, joined_properties


def test_joined_properties_keep_every_citation_and_the_earliest_start():
    kept = {"sources": ["a.csv:2"], "source_ids": ["a"], "since": "1995", "since_year": 1995, "kind": "twin town"}
    moved = {"sources": ["p190.tsv:7", "a.csv:2"], "source_ids": ["wd"], "since": "1991-05-01", "since_year": 1991,
             "kind": "partner city", "status": "active"}
    joined = joined_properties(kept, moved)
    assert joined["sources"] == ["a.csv:2", "p190.tsv:7"] and joined["source_ids"] == ["a", "wd"]
    assert joined["since"] == "1991-05-01" and joined["since_year"] == 1991
    assert joined["kind"] == "twin town" and joined["status"] == "active"


def test_claims_follow_the_merged_node_to_its_new_key():
    props = {"claimed_by": ["wd:Q990000001", "gn:588335"],
             "claims": ["wd:Q990000001@wikidata-p190", "gn:588335@file:a.csv"]}
    moved = _rekeyed(props, {"wd:Q990000001": "gn:587876"})
    assert moved["claimed_by"] == ["gn:587876", "gn:588335"]
    assert moved["claims"] == ["gn:587876@wikidata-p190", "gn:588335@file:a.csv"]
    assert props["claimed_by"][0] == "wd:Q990000001"  # the relationship read is left as it was
