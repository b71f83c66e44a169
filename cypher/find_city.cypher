// name: find_city
// description: Cities whose name or a recorded spelling matches, accent- and case-insensitively,
//   optionally within one country, and places left unresolved under the name with a qualifier
//   ("Coventry, New York" for "coventry"). Used to turn a CITY argument into one node.
// params:
//   folded: the name folded (lower case, accents removed), e.g. "panevezys"
//   country: ISO alpha-2 code, or null for any country (default null)
// example: kg query find_city -p folded=valga -p country=EE
MATCH (c:City)
WHERE (c.name_folded = $folded OR $folded IN c.search_names
       OR (NOT c.resolved AND c.name CONTAINS ',' AND c.name_folded STARTS WITH $folded + ' '))
  AND ($country IS NULL OR c.country = $country)
OPTIONAL MATCH (c)-[r:PARTNER_OF|FRIENDLY_WITH]-()
RETURN c.key AS key, c.name AS name, c.country AS country, c.population AS population, c.kind AS kind,
       c.resolved AS resolved, c.unresolved_reason AS unresolved_reason,
       c.name_folded = $folded AS exact,
       NOT c.resolved AND c.name CONTAINS ',' AND c.name_folded STARTS WITH $folded + ' ' AS qualified,
       count(r) AS degree
ORDER BY exact DESC, degree DESC, population DESC, key
LIMIT 50
