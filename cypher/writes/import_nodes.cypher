// Upsert dumped nodes of one label by their key (`kg import json`). Neo4j 5.26 plans a MERGE on a label
// given as a parameter, $($label), as a scan of every node, so the label and its key property are written
// into the text instead: {label} and {key} are filled only from the schema's own list (kg.vocabulary).
UNWIND $rows AS row
MERGE (n:{label} {{{key}: row.key}})
SET n = row.props
