// Upsert Event nodes with the city they were held in and the project they belong to.
UNWIND $rows AS row
MERGE (e:Event {key: row.key})
SET e += row.props, e.source_ids = row.source_ids
WITH e, row
CALL (e, row) {
  WITH e, row WHERE row.city IS NOT NULL
  MATCH (c:City {key: row.city})
  MERGE (e)-[r:HELD_IN]->(c)
  SET r.sources = row.sources, r.source_ids = row.source_ids, r.claimed_by = []
}
CALL (e, row) {
  WITH e, row WHERE row.project IS NOT NULL
  MERGE (p:Project {key: row.project})
    ON CREATE SET p.name = row.project, p.source_ids = []
  MERGE (e)-[r:PART_OF]->(p)
  SET r.sources = row.sources, r.source_ids = row.source_ids, r.claimed_by = []
}
