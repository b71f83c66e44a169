// name: reciprocated_pairs
// description: Partnerships stated by both sides: each city's own source (its page, its Wikipedia list,
//   its Wikidata statement) claims the other. With `source`, both claims must be made in that Source.
// params:
//   source: a Source key such as "hekman-twincities-2026", or null for every source (default null)
//   limit: at most this many rows (default 1000)
// example: kg query reciprocated_pairs -p source=hekman-twincities-2026
MATCH (a:City)-[r:PARTNER_OF|FRIENDLY_WITH]->(b:City)
WHERE CASE WHEN $source IS NULL THEN a.key IN r.claimed_by AND b.key IN r.claimed_by
           ELSE (a.key + '@' + $source) IN r.claims AND (b.key + '@' + $source) IN r.claims END
RETURN a.name AS city, a.country AS country, b.name AS partner, b.country AS partner_country,
       type(r) AS relation, r.source_ids AS source_ids, r.sources AS sources
ORDER BY city, partner
LIMIT $limit
