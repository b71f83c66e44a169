// What the graph holds, by label set (or relationship type), property and value type, for `kg export json`
// to refuse up front what a dump cannot carry: labels and properties outside the model, dates and points,
// NaN. One row per (owner, property, type), with a count and an example key.
CALL {
  MATCH (n)
  UNWIND CASE WHEN size(keys(n)) = 0 THEN [null] ELSE keys(n) END AS k
  RETURN 'node' AS what, labels(n) AS owner, k AS property, valueType(n[k]) AS type,
         sum(CASE WHEN valueType(n[k]) = 'FLOAT NOT NULL' THEN CASE WHEN n[k] = n[k] THEN 0 ELSE 1 END ELSE 0 END) AS not_numbers,
         count(*) AS n, min(coalesce(n.key, n.code, elementId(n))) AS example
  UNION ALL
  MATCH ()-[r]->()
  UNWIND CASE WHEN size(keys(r)) = 0 THEN [null] ELSE keys(r) END AS k
  RETURN 'relationship' AS what, [type(r)] AS owner, k AS property, valueType(r[k]) AS type,
         sum(CASE WHEN valueType(r[k]) = 'FLOAT NOT NULL' THEN CASE WHEN r[k] = r[k] THEN 0 ELSE 1 END ELSE 0 END) AS not_numbers,
         count(*) AS n, null AS example
}
RETURN what, owner, property, type, not_numbers, n, example
