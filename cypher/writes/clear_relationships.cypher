// Delete up to $batch relationships (`kg db clear`, first step). One call is one transaction whose size
// stays bounded however dense the graph: a node's relationships never all go in one transaction.
MATCH ()-[r]->()
WITH r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
