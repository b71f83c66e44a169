// name: city_partners
// description: A city's partners (PARTNER_OF) and friendly contacts (FRIENDLY_WITH), with what the
//   sources say: year signed, renewals, areas of cooperation, sources and who claims each, and for a
//   partner no gazetteer place was found for, why (`unplaced`); the partner's point. With
//   with_parts, the partners of its districts too, each marked with the district (`via`).
// params:
//   key: the city's key (see `kg search`), e.g. "gn:689558"
//   with_parts: true to add the districts' partners (default false)
//   active_only: true to leave out partnerships suspended or ended (default false)
//   as_of: a year: only partnerships signed by then (or undated) and not ended before it (default null)
// example: kg partners Vinnytsia
MATCH (c:City {key: $key})
OPTIONAL MATCH (d:City)-[:PART_OF]->(c) WHERE $with_parts
WITH c, [c] + collect(d) AS places
UNWIND places AS place
MATCH (place)-[r:PARTNER_OF|FRIENDLY_WITH]-(p:City)
WHERE pair_in_view(r)
RETURN p.name AS name, p.country AS country, type(r) AS relation, r.since AS since, r.renewed AS renewed,
       r.areas AS areas, r.kind AS kind, r.sources AS sources, r.claimed_by AS claimed_by, p.key AS key,
       CASE WHEN r.status_since IS NULL THEN r.status ELSE r.status + ' since ' + r.status_since END AS status,
       coalesce(r.status_changes, []) AS status_changes,
       CASE WHEN place = c THEN null ELSE place.name END AS via,
       CASE WHEN p.resolved = false THEN coalesce(p.unresolved_reason, 'not placed') END AS unplaced,
       p.latitude AS latitude, p.longitude AS longitude
ORDER BY via IS NOT NULL, via, relation DESC, name, country
