// The graph's cities, each with its names and its partners by the sources other than $exclude: what a
// Wikidata item with a label only is placed by (kg.resolve.context).
MATCH (c:City)
OPTIONAL MATCH (c)-[r:PARTNER_OF]-(p:City)
  WHERE any(s IN r.source_ids WHERE NOT s IN $exclude)
RETURN c.key AS key, c.name AS name, c.search_names AS names, c.country AS country, c.resolved AS resolved,
       c.kind AS kind, c.geonames_id AS geonames_id, c.wikidata_id AS wikidata_id,
       coalesce(c.wikidata_ids, []) AS wikidata_ids, c.latitude AS latitude,
       c.longitude AS longitude, c.population AS population, collect(DISTINCT p.key) AS partners
