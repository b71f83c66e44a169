// Partnerships whose two statements name homonyms: Wikidata's statement sets a city's partner on one place
// (its item identified, on a gazetteer place or left its own node in its country), another source's on a
// place of the same name in the same country (gazetteer places, or two of one kind), and Wikidata says nothing
// of that one (Cergy - Columbia: Maryland by Wikidata, South Carolina by the English lists' geocoded point;
// Wenzhou - Union County: New Jersey by Wikidata's row, Illinois by the geocoded point). The other source's
// statement is then no evidence for either place (kg.store.writer). A graph without a Wikidata source has
// none: its Source nodes say so at once, where the pattern would scan every partnership.
MATCH (source:Source) WHERE source.key STARTS WITH 'wikidata'
WITH count(source) AS wikidata_sources WHERE wikidata_sources > 0
MATCH (a:City)-[w:PARTNER_OF]-(b1:City)
WHERE (b1.key STARTS WITH 'gn:' OR (b1.key STARTS WITH 'wd:' AND b1.country IS NOT NULL))
  AND any(s IN w.source_ids WHERE s STARTS WITH 'wikidata')
MATCH (a)-[e:PARTNER_OF]-(b2:City)
WHERE b2 <> b1 AND b2.resolved AND b2.country = b1.country
  AND (b2.kind = b1.kind OR (b1.key STARTS WITH 'gn:' AND b2.key STARTS WITH 'gn:'))
  AND (b2.name_folded = b1.name_folded OR b1.name_folded IN coalesce(b2.search_names, []))
  AND none(s IN e.source_ids WHERE s STARTS WITH 'wikidata')
  AND NOT EXISTS { (a)-[x:PARTNER_OF]-(b2) WHERE any(s IN x.source_ids WHERE s STARTS WITH 'wikidata') }
RETURN DISTINCT a.key AS city, b1.key AS wikidata_place, b2.key AS other_place, b2.name AS name,
       b2.country AS country, properties(e) AS props
ORDER BY city, other_place
