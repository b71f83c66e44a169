// Move another source's statement off a homonym Wikidata contradicts (cypher/reads/homonym_conflicts.cypher)
// onto the name left unresolved, with both reasons: its own node `name:CC:folded name`, which says why.
// Pairs are stored once, from the smaller key to the larger; a relationship that already exists there grows
// its provenance lists as sets, so a re-run changes nothing.
UNWIND $rows AS row
MATCH (:City {key: row.city})-[e:PARTNER_OF]-(:City {key: row.other_place})
MERGE (u:City {key: row.key})
  ON CREATE SET u.name = row.name, u.name_folded = row.name_folded, u.country = row.country, u.kind = 'city',
                u.resolved = false, u.aliases = [], u.search_names = [row.name_folded], u.source_ids = [],
                u.discrepancies = [], u.wikidata_ids = []
SET u.unresolved_reason = coalesce(u.unresolved_reason, row.reason),
    u.discrepancies = u.discrepancies + [d IN [row.reason] WHERE NOT d IN u.discrepancies],
    u.source_ids = u.source_ids + [s IN row.props.source_ids WHERE NOT s IN u.source_ids]
MERGE (k:Country {code: row.country})
MERGE (u)-[:IN_COUNTRY]->(k)
DELETE e
WITH row
MATCH (x:City {key: row.first}), (y:City {key: row.second})
MERGE (x)-[r:PARTNER_OF]->(y)
  ON CREATE SET r = row.props
  ON MATCH SET r.sources = r.sources + [s IN row.props.sources WHERE NOT s IN r.sources],
               r.source_ids = r.source_ids + [s IN row.props.source_ids WHERE NOT s IN r.source_ids],
               r.claimed_by = r.claimed_by + [s IN coalesce(row.props.claimed_by, []) WHERE NOT s IN r.claimed_by],
               r.claims = coalesce(r.claims, []) + [c IN coalesce(row.props.claims, []) WHERE NOT c IN coalesce(r.claims, [])]
