// name: network_edges
// description: Every partnership (and, if asked, friendly contact) as an undirected pair of cities with the
//   facts analytics need: countries, coordinates, year signed: the network `kg stats` measures, for use
//   elsewhere (R, pandas).
// params:
//   types: relationship types to include (default ["PARTNER_OF"])
//   min_sources: only relationships that at least this many sources state (default 1)
//   active_only: true to leave out partnerships suspended or ended (default false)
//   as_of: a year: only partnerships signed by then (or undated) and not ended before it (default null)
// example: kg query network_edges -p "types=[PARTNER_OF]" -p min_sources=2
MATCH (a:City)-[r]->(b:City)
WHERE type(r) IN $types AND ($min_sources <= 1 OR size(r.source_ids) >= $min_sources)
  AND pair_in_view(r)
RETURN a.key AS a, b.key AS b, type(r) AS relation, a.country AS country_a, b.country AS country_b,
       a.latitude AS lat_a, a.longitude AS lon_a, b.latitude AS lat_b, b.longitude AS lon_b,
       a.name AS name_a, b.name AS name_b, a.population AS population_a, b.population AS population_b,
       r.since_year AS since_year
