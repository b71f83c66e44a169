// Upsert Project nodes and the cities that took part.
UNWIND $rows AS row
MERGE (p:Project {key: row.key})
  ON CREATE SET p.source_ids = []
SET p += row.props,
    p.source_ids = p.source_ids + [s IN row.source_ids WHERE NOT s IN p.source_ids]
WITH p, row
UNWIND row.participants AS part
MATCH (c:City {key: part.city})
MERGE (c)-[r:TOOK_PART_IN]->(p)
  ON CREATE SET r.sources = [], r.source_ids = [], r.claimed_by = []
SET r.role = coalesce(part.role, r.role),
    r.sources = r.sources + [s IN part.sources WHERE NOT s IN r.sources],
    r.source_ids = r.source_ids + [s IN part.source_ids WHERE NOT s IN r.source_ids]
