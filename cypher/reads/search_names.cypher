// Every city with the names a search matches (its folded name and its spellings' and the gazetteer's other
// names, folded) and what a search shows of it: the rows `kg.api.search.NameIndex` holds in memory.
MATCH (c:City)
OPTIONAL MATCH (c)-[r:PARTNER_OF|FRIENDLY_WITH]-()
WITH c, count(r) AS degree
RETURN c.key AS key, c.name AS name, c.country AS country, c.kind AS kind, degree, c.population AS population,
       c.name_folded AS name_folded, coalesce(c.search_names, []) AS search_names
