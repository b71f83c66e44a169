// Upsert Country nodes by ISO 3166-1 alpha-2 code.
UNWIND $rows AS row
MERGE (c:Country {code: row.code})
SET c.name = row.name, c.continent = row.continent
