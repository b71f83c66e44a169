// name: shortest_chain
// description: The shortest chain of partnerships (and friendly contacts, if asked) between two
//   cities, up to 8 hops.
// params:
//   a: key of the first city
//   b: key of the second city
//   types: relationship types allowed in the chain (default ["PARTNER_OF"])
// example: kg path Narva Bursa
MATCH (a:City {key: $a}), (b:City {key: $b})
MATCH p = ANY SHORTEST (a)-[r WHERE type(r) IN $types]-{1,8}(b)
UNWIND range(0, length(p) - 1) AS i
WITH p, i, nodes(p)[i] AS x, nodes(p)[i + 1] AS y, relationships(p)[i] AS rel
RETURN i + 1 AS step, x.name AS from, x.country AS from_country, type(rel) AS relation,
       y.name AS to, y.country AS to_country, rel.since AS since, rel.sources AS sources,
       x.key AS from_key, y.key AS to_key
ORDER BY step
