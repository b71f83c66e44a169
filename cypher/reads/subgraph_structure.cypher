// The whole graph's shape, without any provenance: every city key, and the pair relationships of the given
// types as [a, b, type]. A view of the whole graph chooses its best-connected cities from this (a second
// of reading instead of four) and fetches the facts of those alone.
// params: types (list of relationship types), min_sources, active_only, as_of (as subgraph_pairs)
CALL () {
  MATCH (c:City)
  RETURN collect(c.key) AS cities
}
CALL () {
  MATCH (a:City)-[r]->(b:City)
  WHERE type(r) IN $types AND ($min_sources <= 1 OR size(r.source_ids) >= $min_sources)
    AND pair_in_view(r)
  RETURN collect([a.key, b.key, type(r)]) AS pairs
}
RETURN cities, pairs
