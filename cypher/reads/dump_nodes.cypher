// Every node with its label and all its properties, sorted by label and key, for `kg export json`.
MATCH (n)
WITH n, labels(n)[0] AS label, coalesce(n.key, n.code) AS key
ORDER BY label, key
RETURN label, properties(n) AS props
