// Upsert a pair statement between two cities, PARTNER_OF or FRIENDLY_WITH ($type, one of the two), stored
// once per pair (row.a < row.b) and read undirected.
// A new relationship takes the row as it is; an existing one grows its provenance lists as sets, so a pair
// stated by several sources is one relationship with all of them (and a re-run changes nothing). `claims`
// says which side claims it in which source: "<claimant key>@<source key>"; `dates` keeps every statement's
// own date with its citation ("1997|p190.json:12"), `since` the earliest of them, whatever the order of loads
// (ISO dates and years order as text: "1991" < "1991-05-01" < "1993").
// Rows leave out empty facts: a missing list reads as [], a missing value as null. The writer puts the type
// into the text as a static one (kg.store.writer.WriteJob.text): a dynamic type's MERGE measured slower.
// `written` counts the statements written: fewer than the rows when a city is gone (another client cleared
// the graph while the load ran).
UNWIND $rows AS row
MATCH (a:City {key: row.a})
MATCH (b:City {key: row.b})
MERGE (a)-[r:$($type)]->(b)
  ON CREATE SET r.sources = row.sources, r.source_ids = row.source_ids,
                r.claimed_by = coalesce(row.claimed_by, []), r.claims = coalesce(row.claims, []),
                r.renewed = coalesce(row.renewed, []), r.dates = coalesce(row.dates, []),
                r.areas = coalesce(row.areas, []), r.since = row.since, r.since_year = row.since_year,
                r.kind = row.kind, r.status = row.status
  ON MATCH SET r.sources = r.sources + [s IN row.sources WHERE NOT s IN r.sources],
               r.source_ids = r.source_ids + [s IN row.source_ids WHERE NOT s IN r.source_ids],
               r.claimed_by = r.claimed_by + [s IN coalesce(row.claimed_by, []) WHERE NOT s IN r.claimed_by],
               r.claims = coalesce(r.claims, []) + [c IN coalesce(row.claims, []) WHERE NOT c IN coalesce(r.claims, [])],
               r.renewed = r.renewed + [y IN coalesce(row.renewed, []) WHERE NOT y IN r.renewed],
               r.dates = coalesce(r.dates, []) + [d IN coalesce(row.dates, []) WHERE NOT d IN coalesce(r.dates, [])],
               r.areas = r.areas + [x IN coalesce(row.areas, []) WHERE NOT x IN r.areas],
               r.since = CASE WHEN r.since IS NULL OR row.since < r.since THEN row.since ELSE r.since END,
               r.since_year = CASE WHEN r.since_year IS NULL OR row.since_year < r.since_year THEN row.since_year
                                   ELSE r.since_year END,
               r.kind = coalesce(r.kind, row.kind),
               r.status = coalesce(r.status, row.status)
RETURN count(r) AS written
