// name: within_hops
// description: One breadth-first step of "cities within N hops": every neighbour of the frontier cities
//   (or associations) over the allowed relationship types. `kg hops` and TwinningGraph.hops run it once
//   per level (at most 6), keep each city at its first (minimum) distance with one path, and stop early;
//   Cypher cannot take a path length bound as a parameter, and a single variable-length query explores
//   every path up to the bound, which on the world graph takes seconds.
// params:
//   frontier: keys of the cities (and associations) reached at the previous level
//   types: relationship types that count as a hop: PARTNER_OF, FRIENDLY_WITH, MEMBER_OF
//     (default ["PARTNER_OF", "FRIENDLY_WITH"])
//   active_only: true to leave out partnerships suspended or ended (default false)
//   as_of: a year: only partnerships signed by then (or undated) and not ended before it (default null)
// example: kg hops Kielce --max 2
UNWIND $frontier AS k
CALL (k) {
  MATCH (f:City {key: k}) RETURN f
  UNION
  MATCH (f:Association {key: k}) RETURN f
}
MATCH (f)-[r]-(n)
WHERE type(r) IN $types AND (n:City OR n:Association)
  AND pair_in_view(r)
RETURN DISTINCT f.key AS from, n.key AS key, n.name AS name, n.country AS country, n:City AS is_city
ORDER BY key, from
