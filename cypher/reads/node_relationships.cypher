// Every relationship of a city, with the node at its other end (by element id, within one transaction)
// and, when the graph holds one already, the same relationship of $new with that node: what moving the
// city's relationships onto $new merges.
MATCH (old:City {key: $old})-[r]-(other)
WHERE other.key IS NULL OR other.key <> $new
WITH r, other, startNode(r) = old AS outgoing
OPTIONAL MATCH (new:City {key: $new})-[same]-(other)
  WHERE type(same) = type(r) AND (type(r) IN $undirected OR (startNode(same) = new) = outgoing)
RETURN type(r) AS type, outgoing, elementId(other) AS other, coalesce(other.key, other.code) AS other_key,
       properties(r) AS props, properties(same) AS existing, elementId(same) AS existing_id
