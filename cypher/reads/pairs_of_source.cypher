// How many partnerships and friendly contacts cite any of $sources: what a load checks the graph still
// holds when it has written them (kg.pipeline).
MATCH ()-[r:PARTNER_OF|FRIENDLY_WITH]->()
WHERE any(s IN r.source_ids WHERE s IN $sources)
RETURN count(r) AS pairs
