// Every city for the suggestion model, as columns (one row of lists: one fetch, not 22,000 records), and
// the [part, whole] keys of every district and the city it is part of. collect() skips nulls, so every
// column stands in for a missing value: '' for a country or kind, NaN for a coordinate, 0 for a population.
MATCH (c:City)
WITH collect(c.key) AS keys, collect(coalesce(c.name, c.key)) AS names, collect(coalesce(c.country, '')) AS countries,
     collect(coalesce(c.latitude, 0.0 / 0.0)) AS latitudes, collect(coalesce(c.longitude, 0.0 / 0.0)) AS longitudes,
     collect(coalesce(c.population, 0)) AS populations, collect(coalesce(c.kind, '')) AS kinds
OPTIONAL MATCH (part:City)-[:PART_OF]->(whole:City)
RETURN keys, names, countries, latitudes, longitudes, populations, kinds, collect([part.key, whole.key]) AS parts
