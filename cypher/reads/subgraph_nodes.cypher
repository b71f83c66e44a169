// Cities for a networkx snapshot: all of them ($keys null) or those with the given keys, as one row holding
// a list of [key, name, country, latitude, longitude, population, resolved, resolution, geonames_id,
// wikidata_ids, place kind] (a record per city costs the driver three times as much on the world graph).
// params: keys (list of city keys, or null)
MATCH (c:City) WHERE $keys IS NULL OR c.key IN $keys
RETURN collect([c.key, c.name, c.country, c.latitude, c.longitude, c.population, c.resolved, c.resolution,
                c.geonames_id, coalesce(c.wikidata_ids, CASE WHEN c.wikidata_id IS NULL THEN [] ELSE [c.wikidata_id] END),
                c.kind]) AS rows
