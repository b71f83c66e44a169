// Every node with its labels and all its properties, for `kg export json`.
MATCH (n) RETURN labels(n) AS labels, properties(n) AS props
