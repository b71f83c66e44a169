"""Where the sources agree: how many partnerships each source states, how many another source confirms, how
many both sides claim, and how many are stated by one, two or three sources (`kg sources`, `kg report`).

A partnership's sources are the Source keys on its `PARTNER_OF` (`source_ids`), one per source however
often it states it; both sides claim it in a source when each city's own page, list or statement in that
source names the other (`claims`: "<claimant key>@<source key>").
"""

from __future__ import annotations

from collections import Counter

from kg.store.database import Database
from kg.store.queries import read_query


def source_agreement(db: Database) -> dict:
    """The figures of `kg sources`: per source, by number of sources, and by exact set of sources."""
    per_source = []
    for row in db.read(read_query("source_agreement")):
        per_source.append({"source": row["source"], "title": row["title"], "url": row["url"],
                           "revision": row["revision"], "retrieved": row["retrieved"], "licence": row["licence"],
                           "pairs": row["pairs"],
                           "confirmed": row["confirmed"], "confirmed_share": _share(row["confirmed"], row["pairs"]),
                           "both_sides": row["both_sides"],
                           "both_sides_share": _share(row["both_sides"], row["pairs"])})
    combinations = [{"sources": row["sources"], "pairs": row["pairs"]}
                    for row in db.read(read_query("pairs_per_source_count"))]
    by_count: Counter[int] = Counter()
    for row in combinations:
        by_count[len(row["sources"])] += row["pairs"]
    return {"pairs": sum(by_count.values()), "by_source_count": dict(sorted(by_count.items())),
            "sources": per_source, "combinations": combinations}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
