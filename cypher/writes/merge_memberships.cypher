// Upsert MEMBER_OF from a city to an association; `member` outranks `cooperating` when sources differ.
// An association named only by key (defined in another file) is created with its key as name, never dropped.
UNWIND $rows AS row
MATCH (c:City {key: row.city})
MERGE (a:Association {key: row.association})
  ON CREATE SET a.name = row.association, a.source_ids = []
MERGE (c)-[r:MEMBER_OF]->(a)
  ON CREATE SET r.sources = [], r.source_ids = [], r.claimed_by = [], r.status = row.status
SET r.status = CASE WHEN row.status = 'member' THEN 'member' ELSE r.status END,
    r.note = coalesce(r.note, row.note),
    r.sources = r.sources + [s IN row.sources WHERE NOT s IN r.sources],
    r.source_ids = r.source_ids + [s IN row.source_ids WHERE NOT s IN r.source_ids],
    r.claimed_by = r.claimed_by + [s IN row.claimed_by WHERE NOT s IN r.claimed_by]
