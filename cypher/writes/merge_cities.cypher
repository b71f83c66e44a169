// Upsert City nodes by key and link each to its country. Lists grow as sets; scalars fill gaps.
// A resolved row carries the gazetteer's name; the node shows the spelling most sources use among those the
// gazetteer lists for the place (`spellings`: "source|spelling", kept across loads), the gazetteer's name
// counting as one more voice and winning ties, so the name is the same whatever the load order. An
// unresolved node takes a curated row's spelling. Curated rows set their own population. The kind is the most
// specific any source gives ($kind_rank: a district stays a district whichever source loads last) and the
// resolution the strongest ($resolution_rank), so neither depends on the order of the loads. A point no
// gazetteer gives (a subdivision's, an unplaced name's) is a source's: of several, the one of the source whose
// key sorts first (`point_source`), for the same reason.
UNWIND $rows AS row
MERGE (c:City {key: row.key})
  ON CREATE SET c.name = row.name, c.aliases = [], c.source_ids = [], c.discrepancies = [], c.search_names = [],
                c.wikidata_ids = []
WITH c, row, row.latitude IS NOT NULL AND (c.latitude IS NULL OR row.point_source < c.point_source) AS takes_point
SET c.name = CASE WHEN row.resolved OR row.curated THEN row.name ELSE c.name END,
    c.name_folded = CASE WHEN row.resolved OR row.curated OR c.name_folded IS NULL THEN row.name_folded
                         ELSE c.name_folded END,
    c.kind = CASE WHEN c.kind IS NULL OR $kind_rank[row.kind] < $kind_rank[c.kind] THEN coalesce(row.kind, c.kind)
                  ELSE c.kind END,
    c.country = coalesce(c.country, row.country),
    c.resolved = row.resolved OR coalesce(c.resolved, false),
    c.resolution = CASE WHEN c.resolution IS NULL
                          OR coalesce($resolution_rank[row.resolution], 99) < coalesce($resolution_rank[c.resolution], 99)
                        THEN coalesce(row.resolution, c.resolution) ELSE c.resolution END,
    c.geonames_id = coalesce(c.geonames_id, row.geonames_id),
    c.wikidata_id = coalesce(c.wikidata_id, row.wikidata_id),
    c.wikidata_ids = coalesce(c.wikidata_ids, []) + [q IN row.wikidata_ids WHERE NOT q IN coalesce(c.wikidata_ids, [])],
    c.unresolved_reason = CASE WHEN row.resolved OR c.resolved THEN null
                               ELSE coalesce(c.unresolved_reason, row.reason) END,
    c.wikidata_resolution = CASE WHEN c.wikidata_id IS NULL OR c.wikidata_id = row.wikidata_id
                                 THEN coalesce(c.wikidata_resolution, row.wikidata_resolution)
                                 ELSE c.wikidata_resolution END,
    c.latitude = CASE WHEN takes_point THEN row.latitude ELSE c.latitude END,
    c.longitude = CASE WHEN takes_point THEN row.longitude ELSE c.longitude END,
    c.point_source = CASE WHEN takes_point THEN row.point_source ELSE c.point_source END,
    c.population = CASE WHEN row.curated AND row.population IS NOT NULL THEN row.population
                        ELSE coalesce(c.population, row.population) END,
    c.population_year = CASE WHEN row.curated AND row.population IS NOT NULL THEN row.population_year
                             ELSE coalesce(c.population_year, row.population_year) END,
    c.population_text = coalesce(row.population_text, c.population_text),
    c.region = coalesce(c.region, row.region),
    c.website = coalesce(c.website, row.website),
    c.description = coalesce(c.description, row.description),
    c.aliases = [a IN c.aliases + [a IN row.aliases WHERE NOT a IN c.aliases] WHERE a <> row.name],
    c.search_names = c.search_names + [n IN row.search_names WHERE NOT n IN c.search_names],
    c.source_ids = c.source_ids + [s IN row.source_ids WHERE NOT s IN c.source_ids],
    c.discrepancies = c.discrepancies + [d IN row.discrepancies WHERE NOT d IN c.discrepancies],
    c.spellings = coalesce(c.spellings, []) + [s IN row.spellings WHERE NOT s IN coalesce(c.spellings, [])]
WITH c, row
CALL (c, row) {
  WITH c, row WHERE row.resolved AND c.geonames_id IS NOT NULL
  UNWIND [s IN c.spellings | substring(s, size(split(s, '|')[0]) + 1)] + [row.name] AS spelling
  WITH row, spelling, count(*) AS voices
  ORDER BY voices DESC, spelling = row.name DESC, spelling
  RETURN collect(spelling)[0] AS preferred
}
WITH c, row, preferred
SET c.name = coalesce(preferred, c.name),
    c.name_folded = CASE WHEN preferred IS NULL THEN c.name_folded ELSE row.name_folded END,
    c.aliases = [a IN c.aliases + CASE WHEN row.resolved AND NOT row.name IN c.aliases THEN [row.name] ELSE [] END
                 WHERE a <> coalesce(preferred, c.name)]
WITH c, row
WHERE row.country IS NOT NULL
MERGE (k:Country {code: row.country})
MERGE (c)-[r:IN_COUNTRY]->(k)
  ON CREATE SET r.sources = [], r.source_ids = [], r.claimed_by = []
SET r.sources = r.sources + [s IN row.sources WHERE NOT s IN r.sources],
    r.source_ids = r.source_ids + [s IN row.source_ids WHERE NOT s IN r.source_ids]
