// Where the sources agree: for each Source that states partnerships, how many it states, how many of them
// another source states too, and how many both sides claim (in any source); and the number of
// partnerships by how many sources state them (kg sources).
MATCH ()-[r:PARTNER_OF]->()
WITH r, size(r.source_ids) AS count,
     size([k IN r.claimed_by WHERE k = startNode(r).key OR k = endNode(r).key]) = 2 AS both_sides
UNWIND r.source_ids AS source
WITH source, count(*) AS pairs, sum(CASE WHEN count > 1 THEN 1 ELSE 0 END) AS confirmed,
     sum(CASE WHEN both_sides THEN 1 ELSE 0 END) AS both_sides
OPTIONAL MATCH (s:Source {key: source})
RETURN source, s.title AS title, pairs, confirmed, both_sides
ORDER BY pairs DESC, source
