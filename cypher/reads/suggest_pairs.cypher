// Every formal partnership between two cities, as one row of [key, key] lists: the edges the suggestion
// model learns from (a pair stated by several sources is one relationship).
MATCH (a:City)-[:PARTNER_OF]->(b:City)
WHERE a <> b
RETURN collect([a.key, b.key]) AS pairs
