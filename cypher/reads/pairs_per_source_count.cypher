// Partnerships by the exact set of sources that state them (kg sources, and the overlap plot of kg report).
MATCH ()-[r:PARTNER_OF]->()
CALL (r) {
  UNWIND r.source_ids AS source
  WITH source ORDER BY source
  RETURN collect(source) AS sources
}
RETURN sources, size(sources) AS source_count, count(*) AS pairs
ORDER BY pairs DESC, sources
