// The associations those cities are members of (MEMBER_OF), with status and sources.
// params: keys (list of city keys, or null)
MATCH (c:City)-[r:MEMBER_OF]->(a:Association)
WHERE $keys IS NULL OR c.key IN $keys
RETURN c.key AS city, a.key AS association, a.name AS name, r.status AS status, r.sources AS sources,
       r.claimed_by AS claimed_by
