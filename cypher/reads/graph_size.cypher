// How many nodes and relationships the graph holds, from the count store (a millisecond at any size): a
// cheap sign that the graph changed.
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
