// name: one_sided_claims
// description: Partnerships that only one of the two cities' own sources states (the other side's
//   sources are in the graph or not, but do not claim it). Third-party sources do not count as a side.
// params:
//   limit: at most this many rows (default 1000)
// example: kg query one_sided_claims
MATCH (a:City)-[r:PARTNER_OF|FRIENDLY_WITH]->(b:City)
WITH a, b, r, [k IN r.claimed_by WHERE k IN [a.key, b.key]] AS sides
WHERE size(sides) = 1
WITH r, CASE WHEN sides[0] = a.key THEN a ELSE b END AS claimant, CASE WHEN sides[0] = a.key THEN b ELSE a END AS other
RETURN claimant.name AS claimed_by, claimant.country AS claimant_country, other.name AS partner,
       other.country AS partner_country, type(r) AS relation, r.sources AS sources
ORDER BY claimed_by, partner
LIMIT $limit
