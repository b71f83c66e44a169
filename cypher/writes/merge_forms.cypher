// Upsert the forms of town twinning and the relationship that expresses each.
UNWIND $rows AS row
MERGE (f:TwinningForm {key: row.key})
SET f += row.props, f.source_ids = row.source_ids
