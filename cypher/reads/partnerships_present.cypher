// For each of the given [a, b] city-key rows, in order: is there a PARTNER_OF between them? (A status
// change needs one.)
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
OPTIONAL MATCH (:City {key: row.a})-[r:PARTNER_OF]-(:City {key: row.b})
RETURN i, count(r) > 0 AS present
ORDER BY i
