// The pair relationships among those cities, of the given types (PARTNER_OF, FRIENDLY_WITH).
// params: keys (list of city keys, or null), types (list of relationship types), min_sources (stated by at
// least this many sources), active_only (leave out partnerships suspended or ended)
MATCH (a:City)-[r]->(b:City)
WHERE type(r) IN $types AND ($keys IS NULL OR (a.key IN $keys AND b.key IN $keys))
  AND ($min_sources <= 1 OR size(r.source_ids) >= $min_sources)
  AND (NOT $active_only OR NOT type(r) IN ['PARTNER_OF', 'FRIENDLY_WITH'] OR coalesce(r.status, 'active') = 'active')
RETURN a.key AS a, b.key AS b, type(r) AS relation, r.since AS since, r.since_year AS since_year,
       r.renewed AS renewed, r.areas AS areas, r.status AS status, r.kind AS kind, r.sources AS sources,
       r.claimed_by AS claimed_by
