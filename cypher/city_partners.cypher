// name: city_partners
// description: A city's partners (PARTNER_OF) and friendly contacts (FRIENDLY_WITH), with what the
//   sources say: year signed, renewals, areas of cooperation, sources and who claims each.
// params:
//   key: the city's key (see `kg search`), e.g. "gn:689558"
// example: kg partners Vinnytsia
MATCH (c:City {key: $key})-[r:PARTNER_OF|FRIENDLY_WITH]-(p:City)
RETURN p.name AS name, p.country AS country, type(r) AS relation, r.since AS since, r.renewed AS renewed,
       r.areas AS areas, r.kind AS kind, r.sources AS sources, r.claimed_by AS claimed_by, p.key AS key
ORDER BY relation DESC, name, country
