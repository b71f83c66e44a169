// The server's product, version and edition, for `kg db status`.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
