// name: status_changes_between
// description: Partnerships whose status changed (suspended, ended, active again) in a period, each change
//   with its date, the new status and its citation (file:line and web address).
// params:
//   from_year: the first year of the period (default 2022)
//   to_year: the last year of the period (default 2026)
// example: kg query status_changes_between -p from_year=2022 -p to_year=2022
MATCH (a:City)-[r:PARTNER_OF]->(b:City)
WHERE r.status_changes IS NOT NULL
UNWIND r.status_changes AS change
WITH a, b, r, split(change, '|') AS parts
WHERE toInteger(left(parts[0], 4)) >= $from_year AND toInteger(left(parts[0], 4)) <= $to_year
RETURN a.name AS city_a, a.country AS country_a, b.name AS city_b, b.country AS country_b,
       parts[0] AS since, parts[1] AS status, parts[2] AS source, parts[3] AS url, r.status AS status_now
ORDER BY since, city_a, city_b
