// Every city for the suggestion model, as one row of lists (one fetch, not 17,000 records): key, name,
// country, latitude, longitude, population, kind, and the key of the city it is a part of (or null).
MATCH (c:City)
OPTIONAL MATCH (c)-[:PART_OF]->(whole:City)
RETURN collect([c.key, c.name, c.country, c.latitude, c.longitude, c.population, c.kind, whole.key]) AS cities
