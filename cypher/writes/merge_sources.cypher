// Upsert Source nodes (documents and datasets facts are cited from).
UNWIND $rows AS row
MERGE (s:Source {key: row.key})
SET s += row.props
