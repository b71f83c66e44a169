// Delete every node and relationship, 10,000 nodes per transaction (run in an auto-commit session).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
