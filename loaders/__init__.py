"""One module per source format; each turns a file into a validated `kg.records.Dataset`.

Loaders never talk to the database: `kg.store.writer` does all writing.
"""
