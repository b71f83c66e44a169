// name: association_members
// description: The cities in an association, with their status (member, or cooperating for a partner
//   that has not joined yet) and sources.
// params:
//   key: the association's key, e.g. "city-twins-association"
// example: kg members "City Twins Association"
MATCH (c:City)-[m:MEMBER_OF]->(a:Association {key: $key})
RETURN c.name AS name, c.country AS country, m.status AS status, m.note AS note, m.sources AS sources,
       c.key AS key
ORDER BY status DESC, name, country
