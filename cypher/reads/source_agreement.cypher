// Where the sources agree: for each Source that states partnerships, how many it states, how many of them
// another source states too, and how many both sides claim in that source (each city's own list, page or
// statement names the other) (kg sources).
MATCH (a:City)-[r:PARTNER_OF]->(b:City)
WITH a, b, r, size(r.source_ids) AS count
UNWIND r.source_ids AS source
WITH source, count, (a.key + '@' + source) IN r.claims AND (b.key + '@' + source) IN r.claims AS both_sides
WITH source, count(*) AS pairs, sum(CASE WHEN count > 1 THEN 1 ELSE 0 END) AS confirmed,
     sum(CASE WHEN both_sides THEN 1 ELSE 0 END) AS both_sides
OPTIONAL MATCH (s:Source {key: source})
RETURN source, s.title AS title, s.url AS url, s.revision AS revision, s.retrieved AS retrieved,
       s.licence AS licence, pairs, confirmed, both_sides
ORDER BY pairs DESC, source
