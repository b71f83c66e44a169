// Which place tables the cities of a selection rest on: how many carry a GeoNames key or id, a geoBoundaries
// key, or were placed by the countries-states-cities table (resolution 'anchor'), or have their country from a
// municipal register (their reason says so: kg.resolve.registers.REGISTER_NOTE) (kg cite).
// params: country (alpha-2, or null: the whole graph), min_sources (relationships at least this many state)
MATCH (a:City)-[r]->(b:City)
WHERE r.source_ids IS NOT NULL AND size(r.source_ids) >= $min_sources
  AND ($country IS NULL OR a.country = $country OR b.country = $country)
UNWIND [a, b] AS c
WITH DISTINCT c
RETURN sum(CASE WHEN c.key STARTS WITH 'gn:' OR c.geonames_id IS NOT NULL THEN 1 ELSE 0 END) AS geonames,
       sum(CASE WHEN c.key STARTS WITH 'geob:' THEN 1 ELSE 0 END) AS geoboundaries,
       sum(CASE WHEN c.resolution = 'anchor' THEN 1 ELSE 0 END) AS countries_states_cities,
       sum(CASE WHEN c.unresolved_reason CONTAINS 'municipal register' THEN 1 ELSE 0 END) AS municipal_registers,
       count(c) AS cities
