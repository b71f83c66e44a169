// name: city_kinds
// description: How many City nodes there are of each kind (city, district, municipality, county, region),
//   and how many of them the gazetteer placed.
// example: kg query city_kinds
MATCH (c:City)
RETURN coalesce(c.kind, 'city') AS kind, count(*) AS places, sum(CASE WHEN c.resolved THEN 1 ELSE 0 END) AS resolved
ORDER BY places DESC, kind
