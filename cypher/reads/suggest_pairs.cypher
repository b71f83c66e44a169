// Every formal partnership between two cities as two columns of keys (a pair stated by several sources is
// one relationship): the edges the suggestion model learns from. Two flat lists travel twice as fast as
// one list of pairs.
MATCH (a:City)-[:PARTNER_OF]->(b:City)
WHERE a <> b
RETURN collect(a.key) AS a, collect(b.key) AS b
