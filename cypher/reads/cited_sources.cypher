// The Source nodes a selection of the graph rests on: the sources its relationships cite, with what a
// citation needs and how many statements cite each (kg cite).
// params: country (alpha-2, or null: the whole graph), min_sources (relationships at least this many state)
MATCH (a:City)-[r]->(b)
WHERE r.source_ids IS NOT NULL AND size(r.source_ids) >= $min_sources
  AND ($country IS NULL OR a.country = $country OR b.country = $country)
UNWIND r.source_ids AS key
WITH key, count(*) AS statements
MATCH (s:Source {key: key})
RETURN s.key AS key, s.title AS title, s.kind AS kind, s.file AS file, s.url AS url, s.revision AS revision,
       s.retrieved AS retrieved, s.year AS year, s.licence AS licence, s.attribution AS attribution, statements
ORDER BY statements DESC, key
