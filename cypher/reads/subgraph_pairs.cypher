// The pair relationships among those cities, of the given types (PARTNER_OF, FRIENDLY_WITH), as one row
// holding a list of [a, b, relation, since, since_year, renewed, areas, status, kind, sources, claimed_by].
// params: keys (list of city keys, or null), types (list of relationship types), min_sources (stated by at
// least this many sources), active_only (leave out partnerships suspended or ended), as_of (a year:
// signed by then or undated, and not ended before it; null: any time)
MATCH (a:City)-[r]->(b:City)
WHERE type(r) IN $types AND ($keys IS NULL OR (a.key IN $keys AND b.key IN $keys))
  AND ($min_sources <= 1 OR size(r.source_ids) >= $min_sources)
  AND pair_in_view(r)
RETURN collect([a.key, b.key, type(r), r.since, r.since_year, r.renewed, r.areas, r.status, r.kind, r.sources,
                r.claimed_by]) AS rows
