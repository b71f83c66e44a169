// name: single_source_pairs
// description: Partnerships that only one source states: `source` (a Source key), which no other source
//   confirms. Where to look for a source's errors, or for what only it knows.
// params:
//   source: a Source key, e.g. "wikidata-p190-2016" (see kg sources)
//   limit: at most this many rows (default 1000)
// example: kg query single_source_pairs -p source=italian-wikipedia-twinnings
MATCH (a:City)-[r:PARTNER_OF]->(b:City)
WHERE r.source_ids = [$source]
RETURN a.name AS city, a.country AS country, b.name AS partner, b.country AS partner_country,
       r.sources AS statements, [k IN r.claimed_by WHERE k IN [a.key, b.key]] AS claimed_by, r.claims AS claims
ORDER BY city, partner
LIMIT $limit
