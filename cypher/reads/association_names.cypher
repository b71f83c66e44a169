// The names of every association, to list when a name given matches none.
MATCH (a:Association) RETURN a.name AS name ORDER BY name
