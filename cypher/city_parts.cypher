// name: city_parts
// description: The districts of a city (PART_OF), each with its number of partnerships and how the link
//   was found ("part": the district's name sets it in the city; "name": GeoNames lists it as a section).
// params:
//   key: the city's key, e.g. "gn:1850147" (Tokyo)
// example: kg query city_parts -p key=gn:1850147
MATCH (d:City)-[p:PART_OF]->(c:City {key: $key})
OPTIONAL MATCH (d)-[r:PARTNER_OF|FRIENDLY_WITH]-(:City)
RETURN d.name AS name, d.key AS key, d.aliases AS aliases, count(r) AS partnerships, p.basis AS basis,
       p.sources AS sources
ORDER BY partnerships DESC, name
