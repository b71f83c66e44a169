// name: city_search
// description: Search cities by name: accent- and case-insensitive prefix match on the name, any
//   recorded spelling or the gazetteer's other names ("praha" finds Prague); names first, then the
//   best connected.
// params:
//   prefix: folded text to match at the start of a name, e.g. "frank"
//   limit: how many rows at most (default 25)
// example: kg search frank
MATCH (c:City)
WHERE c.name_folded STARTS WITH $prefix OR any(n IN c.search_names WHERE n STARTS WITH $prefix)
OPTIONAL MATCH (c)-[r:PARTNER_OF|FRIENDLY_WITH]-()
WITH c, count(r) AS degree
RETURN c.name AS name, c.country AS country, c.key AS key, c.kind AS kind, degree, c.population AS population
ORDER BY c.name_folded STARTS WITH $prefix DESC, degree DESC, name, country
LIMIT $limit
