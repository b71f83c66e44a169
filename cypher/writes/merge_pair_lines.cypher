// Upsert the pair statements of one file of one source, sent as columns of equal length: what
// merge_pair.cypher writes for the same statements sent as rows, with far less to pack and unpack (a load of
// a million rows is bound by the server, not by the rows). $a, $b: the two cities' keys ($a[i] < $b[i]);
// $line: the line each statement is on, cited as "<$cite_as>:<line>"; $claimant: the key of the city that
// claims it (null: nobody), or null for the whole batch; $since, $since_year: each statement's date, or null.
// Every property reads as merge_pair.cypher writes it; the writer puts the type into the text as a static
// one ($($type), one of PARTNER_OF and FRIENDLY_WITH); `written` counts the statements written.
UNWIND range(0, size($a) - 1) AS i
WITH $a[i] AS first, $b[i] AS second, $cite_as + ':' + toString($line[i]) AS where, $claimant[i] AS claimant,
     $since[i] AS since, $since_year[i] AS since_year
MATCH (a:City {key: first})
MATCH (b:City {key: second})
WITH a, b, where, since, since_year,
     CASE WHEN claimant IS NULL THEN [] ELSE [claimant] END AS claimed_by,
     CASE WHEN claimant IS NULL THEN [] ELSE [claimant + '@' + $source] END AS claims,
     CASE WHEN since IS NULL THEN [] ELSE [since + '|' + where] END AS dates
MERGE (a)-[r:$($type)]->(b)
  ON CREATE SET r.sources = [where], r.source_ids = [$source], r.claimed_by = claimed_by, r.claims = claims,
                r.renewed = [], r.dates = dates, r.areas = [], r.since = since, r.since_year = since_year
  ON MATCH SET r.sources = r.sources + [s IN [where] WHERE NOT s IN r.sources],
               r.source_ids = r.source_ids + [s IN [$source] WHERE NOT s IN r.source_ids],
               r.claimed_by = r.claimed_by + [s IN claimed_by WHERE NOT s IN r.claimed_by],
               r.claims = coalesce(r.claims, []) + [c IN claims WHERE NOT c IN coalesce(r.claims, [])],
               r.dates = coalesce(r.dates, []) + [d IN dates WHERE NOT d IN coalesce(r.dates, [])],
               r.since = CASE WHEN r.since IS NULL OR since < r.since THEN since ELSE r.since END,
               r.since_year = CASE WHEN r.since_year IS NULL OR since_year < r.since_year THEN since_year
                                   ELSE r.since_year END
RETURN count(r) AS written
