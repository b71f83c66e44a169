// Cities for a networkx snapshot: all of them ($keys null) or those with the given keys.
// params: keys (list of city keys, or null)
MATCH (c:City) WHERE $keys IS NULL OR c.key IN $keys
RETURN c.key AS key, c.name AS name, c.country AS country, c.latitude AS latitude, c.longitude AS longitude,
       c.population AS population, c.resolved AS resolved
