// Upsert Association nodes, their secretariat city and the project they grew from.
UNWIND $rows AS row
MERGE (a:Association {key: row.key})
  ON CREATE SET a.source_ids = []
SET a += row.props,
    a.source_ids = a.source_ids + [s IN row.source_ids WHERE NOT s IN a.source_ids]
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.secretariat IS NOT NULL
  MATCH (c:City {key: row.secretariat})
  MERGE (a)-[r:SECRETARIAT_IN]->(c)
  SET r.sources = row.sources, r.source_ids = row.source_ids, r.claimed_by = []
}
CALL (a, row) {
  WITH a, row WHERE row.grew_from IS NOT NULL
  MERGE (p:Project {key: row.grew_from})
    ON CREATE SET p.name = row.grew_from, p.source_ids = []
  MERGE (a)-[r:GREW_FROM]->(p)
  SET r.sources = row.sources, r.source_ids = row.source_ids, r.claimed_by = []
}
