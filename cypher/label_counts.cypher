// name: label_counts
// description: How many nodes carry each label.
// example: kg db status
CALL db.labels() YIELD label
CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS count }
RETURN label, count
ORDER BY label
