// The graph's cities that hold Wikidata items, with their names: where an item placed among the shipped
// sources' partners goes back to when the graph holds it already (kg.pipeline.place_by_context).
MATCH (c:City)
WHERE c.wikidata_id IS NOT NULL OR size(coalesce(c.wikidata_ids, [])) > 0
RETURN c.key AS key, c.name AS name, c.search_names AS names, c.country AS country, c.resolved AS resolved,
       c.kind AS kind, c.geonames_id AS geonames_id, c.wikidata_id AS wikidata_id,
       coalesce(c.wikidata_ids, []) AS wikidata_ids, c.latitude AS latitude,
       c.longitude AS longitude, c.population AS population
