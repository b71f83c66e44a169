// name: relationship_counts
// description: How many relationships there are of each type.
// example: kg db status
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) { MATCH ()-[r]->() WHERE type(r) = type RETURN count(r) AS count }
RETURN type, count
ORDER BY type
