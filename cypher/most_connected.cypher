// name: most_connected
// description: The cities with the most partners (PARTNER_OF), with friendly contacts shown apart.
// params:
//   limit: at most this many rows (default 20)
// example: kg query most_connected -p limit=10
MATCH (c:City)
WITH c, COUNT { (c)-[:PARTNER_OF]-() } AS partners, COUNT { (c)-[:FRIENDLY_WITH]-() } AS friendly
WHERE partners + friendly > 0
RETURN c.name AS name, c.country AS country, partners, friendly, c.key AS key
ORDER BY partners DESC, friendly DESC, name, country
LIMIT $limit
