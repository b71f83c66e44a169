// name: pairs_by_source_count
// description: Partnerships stated by at least `min_sources` different sources (Source keys), best-attested
//   first, each with every source and statement (file:line) that states it and the sides that claim it.
// params:
//   min_sources: at least this many sources (default 2)
//   limit: at most this many rows (default 1000)
// example: kg query pairs_by_source_count -p min_sources=3
MATCH (a:City)-[r:PARTNER_OF]->(b:City)
WHERE size(r.source_ids) >= $min_sources
RETURN a.name AS city, a.country AS country, b.name AS partner, b.country AS partner_country,
       size(r.source_ids) AS source_count, r.source_ids AS source_ids, r.sources AS statements,
       [k IN r.claimed_by WHERE k IN [a.key, b.key]] AS claimed_by, r.claims AS claims
ORDER BY source_count DESC, city, partner
LIMIT $limit
