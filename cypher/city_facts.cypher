// name: city_facts
// description: Everything the graph knows about one city: its own facts, kind, the city it is part of
//   and its districts, country, relationships to cities, associations, projects and events, each with
//   its sources, and recorded discrepancies.
// params:
//   key: the city's key, e.g. "gn:454572"
// example: kg city Valka
MATCH (c:City {key: $key})
OPTIONAL MATCH (c)-[:IN_COUNTRY]->(k:Country)
CALL (c) {
  OPTIONAL MATCH (c)-[r]-(o)
  WHERE NOT o:Country
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
    relation: type(r),
    direction: CASE WHEN type(r) IN ['PARTNER_OF', 'FRIENDLY_WITH'] THEN 'both'
                    WHEN startNode(r) = c THEN 'out' ELSE 'in' END,
    other: coalesce(o.name, o.key), other_key: o.key, other_label: labels(o)[0],
    other_country: o.country, since: r.since, role: r.role,
    status: CASE WHEN r.status_since IS NULL THEN r.status ELSE r.status + ' since ' + r.status_since END,
    sources: r.sources, claimed_by: r.claimed_by} END) AS relations
}
OPTIONAL MATCH (c)-[:PART_OF]->(whole:City)
CALL (c) {
  OPTIONAL MATCH (part:City)-[:PART_OF]->(c)
  RETURN collect(part {.key, .name}) AS parts
}
OPTIONAL MATCH (s:Source) WHERE s.key IN c.source_ids
RETURN c {.*} AS city, k.name AS country_name, whole {.key, .name} AS part_of, parts, relations,
       collect(s {.key, .title, .file, .licence}) AS sources
