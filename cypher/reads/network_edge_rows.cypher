// What `kg stats` needs of the network, read fast: the relationships as [a, b, type, since_year] and every
// city once as [key, name, country, latitude, longitude, population]. One row of lists, and each city's
// properties read once rather than once per partnership: 1 s for the world graph instead of 3.5.
CALL () {
  MATCH (a:City)-[r]->(b:City)
  WHERE type(r) IN $types AND ($min_sources <= 1 OR size(r.source_ids) >= $min_sources)
    AND (NOT $active_only OR NOT type(r) IN ['PARTNER_OF', 'FRIENDLY_WITH'] OR coalesce(r.status, 'active') = 'active')
  RETURN collect([a.key, b.key, type(r), r.since_year]) AS edges
}
CALL () {
  MATCH (c:City)
  RETURN collect([c.key, coalesce(c.name, c.key), c.country, CASE WHEN c.latitude = c.latitude THEN c.latitude END,
                   CASE WHEN c.longitude = c.longitude THEN c.longitude END, c.population]) AS cities  // NaN: none
}
RETURN edges, cities
