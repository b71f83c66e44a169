// Cities for a networkx snapshot: all of them ($keys null) or those with the given keys, as one row holding
// a list of [key, name, country, latitude, longitude, population, resolved, resolution, geonames_id,
// wikidata_ids, place kind] (a record per city costs the driver three times as much on the world graph).
// params: keys (list of city keys, or null)
MATCH (c:City) WHERE $keys IS NULL OR c.key IN $keys
RETURN collect([c.key, coalesce(c.name, c.key), c.country,
                CASE WHEN c.latitude = c.latitude THEN c.latitude END,  // NaN is no coordinate (NaN <> NaN)
                CASE WHEN c.longitude = c.longitude THEN c.longitude END, c.population, c.resolved, c.resolution,
                c.geonames_id, coalesce(c.wikidata_ids, CASE WHEN c.wikidata_id IS NULL THEN [] ELSE [c.wikidata_id] END),
                c.kind]) AS rows
