// Delete up to $batch nodes (`kg db clear`, once no relationship is left).
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
