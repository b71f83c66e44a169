// Every relationship with its type, its two ends (label and key; a Country's key is its code) and all its
// properties, sorted by type and ends (the order a re-export reproduces), for `kg export json`.
MATCH (a)-[r]->(b)
WITH r, type(r) AS type, labels(a)[0] AS a_label, coalesce(a.key, a.code) AS a, labels(b)[0] AS b_label,
     coalesce(b.key, b.code) AS b
ORDER BY type, a_label, a, b_label, b
RETURN type, a_label, a, b_label, b, properties(r) AS props
