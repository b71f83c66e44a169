// name: within_hops
// description: Cities within N hops of a city, each once, with its minimum distance and one shortest
//   path. By default partnerships and friendly contacts count as hops; with MEMBER_OF in `types`, a
//   shared association puts two cities two hops apart (city -> association -> city). Depth is capped at 6.
// params:
//   key: the start city's key
//   max_hops: 1 to 6
//   types: relationship types that count as a hop: PARTNER_OF, FRIENDLY_WITH, MEMBER_OF
//   limit: at most this many rows (default 5000)
// example: kg hops Kielce --max 2
MATCH (start:City {key: $key})
MATCH p = ANY SHORTEST (start)-[r WHERE type(r) IN $types]-{1,6}(other:City)
WHERE other <> start AND length(p) <= $max_hops
RETURN other.name AS name, other.country AS country, length(p) AS hops,
       [n IN nodes(p) | n.name] AS via, other.key AS key
ORDER BY hops, name, country
LIMIT $limit
