// name: cousin_cities
// description: "Cousin cities": cities two partnership hops away that are not partnered directly,
//   with the partners they share.
// params:
//   key: the city's key
//   types: relationship types that count (default ["PARTNER_OF"])
// example: kg cousins Panevezys
MATCH (c:City {key: $key})-[r1]-(mid:City)-[r2]-(cousin:City)
WHERE type(r1) IN $types AND type(r2) IN $types AND cousin <> c
  AND NOT EXISTS { MATCH (c)-[r]-(cousin) WHERE type(r) IN $types }
WITH cousin, collect(DISTINCT mid.name) AS via
RETURN cousin.name AS name, cousin.country AS country, size(via) AS shared, via, cousin.key AS key
ORDER BY shared DESC, name, country
LIMIT 5000
