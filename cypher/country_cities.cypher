// name: country_cities
// description: The cities of one country and their partners (at home and abroad): the selection behind
//   `kg render --country` and `kg export --country`.
// params:
//   country: ISO alpha-2 code, e.g. "EE"
//   types: relationship types that bring in partners (default ["PARTNER_OF", "FRIENDLY_WITH"])
// example: kg query country_cities -p country=EE -p "types=[PARTNER_OF]"
MATCH (c:City {country: $country})
OPTIONAL MATCH (c)-[r]-(p:City)
WHERE type(r) IN $types
WITH collect(DISTINCT c.key) + collect(DISTINCT p.key) AS keys
UNWIND keys AS key
RETURN DISTINCT key
ORDER BY key
