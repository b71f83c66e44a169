// name: country_pair_counts
// description: How many partnerships link each pair of countries (each pair once, codes in
//   alphabetical order; a country with itself counts domestic partnerships).
// params:
//   limit: at most this many rows (default 50)
// example: kg query country_pair_counts -p limit=10
MATCH (a:City)-[r:PARTNER_OF]->(b:City)
WITH CASE WHEN a.country <= b.country THEN a.country ELSE b.country END AS country_a,
     CASE WHEN a.country <= b.country THEN b.country ELSE a.country END AS country_b
RETURN country_a, country_b, count(*) AS partnerships
ORDER BY partnerships DESC, country_a, country_b
LIMIT $limit
