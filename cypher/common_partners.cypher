// name: common_partners
// description: Cities partnered with both of two cities.
// params:
//   a: key of the first city
//   b: key of the second city
//   types: relationship types that count (default ["PARTNER_OF", "FRIENDLY_WITH"])
// example: kg common Vinnytsia Panevezys
MATCH (a:City {key: $a})-[ra]-(c:City)-[rb]-(b:City {key: $b})
WHERE type(ra) IN $types AND type(rb) IN $types AND c <> a AND c <> b
RETURN DISTINCT c.name AS name, c.country AS country, type(ra) AS relation_a, type(rb) AS relation_b,
       c.key AS key
ORDER BY name, country
