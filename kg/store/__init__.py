"""Neo4j: the driver layer, the local server, the schema of record, the writer, the named queries."""
