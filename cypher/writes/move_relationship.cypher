// One relationship of a node being merged, written between $new and the node at its other end with the
// merged provenance ($props); $new_first says which end starts it (an undirected pair starts at its
// smaller key). The relationship it replaces ($existing_id, stored the other way) goes.
MATCH (new:City {key: $new})
MATCH (other) WHERE elementId(other) = $other
OPTIONAL MATCH ()-[stale]->() WHERE elementId(stale) = $existing_id
DELETE stale
WITH new, other
WITH CASE WHEN $new_first THEN new ELSE other END AS start, CASE WHEN $new_first THEN other ELSE new END AS end
MERGE (start)-[r:$($type)]->(end)
SET r = $props
