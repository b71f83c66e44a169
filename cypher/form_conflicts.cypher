// name: form_conflicts
// description: Pairs the sources disagree on the form of: stated as a formal partnership (PARTNER_OF) by
//   some and as a friendly contact (FRIENDLY_WITH) by others, with each side's citations and claimants.
//   `city` limits the answer to the pairs of one city key.
// params:
//   city: a city key such as "gn:3272164", or null for every city (default null)
//   limit: at most this many rows (default 1000)
// example: kg query form_conflicts
CALL () {
  MATCH (a:City)-[p:PARTNER_OF]-(b:City)
  WHERE $city IS NULL AND a.key < b.key
  MATCH (a)-[f:FRIENDLY_WITH]-(b)
  RETURN a, b, p, f
  UNION ALL
  // one city's pairs: from its node, never a scan of every partnership
  MATCH (c:City {key: $city})-[p:PARTNER_OF]-(o:City)
  MATCH (c)-[f:FRIENDLY_WITH]-(o)
  RETURN CASE WHEN c.key < o.key THEN c ELSE o END AS a, CASE WHEN c.key < o.key THEN o ELSE c END AS b, p, f
}
RETURN a.name AS city, a.country AS country, b.name AS other, b.country AS other_country,
       p.sources AS partner_sources, p.claimed_by AS partner_claimed_by,
       f.sources AS friendly_sources, f.claimed_by AS friendly_claimed_by
ORDER BY city, other
LIMIT $limit
