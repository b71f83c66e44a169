// Link each district to the city it is part of (PART_OF), citing the statements that name the district.
// `basis` says how the link was found: "part" (the name sets it in the city: "Prague 6", "Mitte (Berlin)")
// or "name" (GeoNames lists it as a section of a populated place, PPLX, and the city is the largest near it),
// or how a Wikidata item was placed on the district; of several, the strongest ($resolution_rank), whatever the
// order of the loads.
UNWIND $rows AS row
MATCH (d:City {key: row.part})
MATCH (c:City {key: row.city})
SET d.kind = 'district'  // a place part of a city is a district, whatever a later source calls it
MERGE (d)-[r:PART_OF]->(c)
  ON CREATE SET r.sources = [], r.source_ids = [], r.claimed_by = [], r.basis = row.basis
SET r.basis = CASE WHEN coalesce($resolution_rank[row.basis], 99) < coalesce($resolution_rank[r.basis], 99)
                   THEN row.basis ELSE r.basis END,
    r.sources = r.sources + [s IN row.sources WHERE NOT s IN r.sources],
    r.source_ids = r.source_ids + [s IN row.source_ids WHERE NOT s IN r.source_ids]
