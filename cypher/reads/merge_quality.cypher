// Figures of one place, one node (bench/bench_merge.py, tests): countryless cities and partnerships, Wikidata
// items left as doubles of a placed node (and of those, the ones two namesakes dispute), items left beside the
// one unplaced node of their name and country that shares a partner with them, where the items
// landed, unplaced nodes that keep a point.
CALL {
  MATCH (c:City) WHERE EXISTS { (c)-[:PARTNER_OF]-() }
  RETURN count(c) AS cities_with_partner,
         sum(CASE WHEN c.country IS NULL THEN 1 ELSE 0 END) AS countryless_with_partner,
         sum(CASE WHEN c.country IS NULL AND c.unresolved_reason IS NULL THEN 1 ELSE 0 END)
           AS countryless_without_reason
}
CALL {
  MATCH (a:City)-[r:PARTNER_OF]->(b:City)
  RETURN count(r) AS partnerships,
         sum(CASE WHEN a.country IS NULL OR b.country IS NULL THEN 1 ELSE 0 END) AS partnerships_touching_countryless
}
CALL {
  MATCH (w:City)-[:PARTNER_OF]-(:City)-[:PARTNER_OF]-(g:City)
  WHERE w.key STARTS WITH 'wd:' AND g.resolved AND g <> w
    AND (w.name_folded = g.name_folded OR w.name_folded IN coalesce(g.search_names, []))
  WITH DISTINCT w
  // the nodes of its name that share a partner with it: two or more, and the sources disagree on the place
  MATCH (w)-[:PARTNER_OF]-(:City)-[:PARTNER_OF]-(n:City)
  WHERE n <> w AND (w.name_folded = n.name_folded OR w.name_folded IN coalesce(n.search_names, []))
  WITH w, count(DISTINCT n) AS namesakes
  RETURN count(w) AS wd_doubles, sum(CASE WHEN namesakes > 1 THEN 1 ELSE 0 END) AS wd_doubles_disputed
}
CALL {
  MATCH (w:City)-[:PARTNER_OF]-(:City)-[:PARTNER_OF]-(n:City)
  WHERE w.key STARTS WITH 'wd:' AND w.country IS NOT NULL AND n <> w
    AND (n.name_folded = w.name_folded OR w.name_folded IN coalesce(n.search_names, []))
  WITH w, collect(DISTINCT n) AS namesakes
  RETURN count(CASE WHEN size(namesakes) = 1 AND NOT namesakes[0].resolved AND namesakes[0].country = w.country
                    THEN w END) AS unplaced_doubles
}
CALL {
  MATCH (c:City) WHERE c.wikidata_id IS NOT NULL
  WITH c, coalesce(c.wikidata_ids, [c.wikidata_id]) AS items
  RETURN sum(size(items)) AS wikidata_items,
         sum(CASE WHEN c.resolved THEN size(items) ELSE 0 END) AS wikidata_items_on_places
}
CALL {
  MATCH (c:City) WHERE NOT c.resolved AND c.latitude IS NOT NULL
  RETURN count(c) AS unplaced_with_point
}
RETURN *
