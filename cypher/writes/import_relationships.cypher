// Upsert dumped relationships of one type between two labels (`kg import json`). The type is a parameter;
// the two labels and their key properties are filled from the schema's own list only (see import_nodes).
UNWIND $rows AS row
MATCH (a:{a_label} {{{a_key}: row.a}})
MATCH (b:{b_label} {{{b_key}: row.b}})
MERGE (a)-[r:$($type)]->(b)
SET r = row.props
