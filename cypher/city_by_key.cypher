// name: city_by_key
// description: One city by its key, for a CITY argument given as a key ("gn:3067696", "iso:GB-TAM",
//   "part:gn:1850147:koto", "name:PL:gulcz wielen").
// params:
//   key: the city's key, e.g. "gn:3067696"
// example: kg query city_by_key -p key=gn:3067696
MATCH (c:City {key: $key})
RETURN c.key AS key, c.name AS name, c.country AS country, c.resolved AS resolved,
       c.unresolved_reason AS unresolved_reason
