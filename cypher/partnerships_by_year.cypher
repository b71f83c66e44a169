// name: partnerships_by_year
// description: Partnerships by the year they were signed (only those whose sources give a year).
// params:
//   since: first year to include (default 800)
//   until: last year to include (default 9999)
// example: kg query partnerships_by_year -p since=2000
MATCH (a:City)-[r:PARTNER_OF]->(b:City)
WHERE r.since_year IS NOT NULL AND $since <= r.since_year <= $until
RETURN r.since_year AS year, count(*) AS partnerships,
       collect(a.name + ' - ' + b.name) AS pairs
ORDER BY year
