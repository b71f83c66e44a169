// Where each of the countries lies on a map, as its twinned cities do: the median latitude and the median
// longitude of its cities with a partnership and a point (France is drawn in France, not between its
// overseas departments).
MATCH (c:City)
WHERE c.country IN $codes AND c.latitude IS NOT NULL AND c.longitude IS NOT NULL AND EXISTS { (c)-[:PARTNER_OF]-() }
RETURN c.country AS country, percentileDisc(c.latitude, 0.5) AS latitude, percentileDisc(c.longitude, 0.5) AS longitude
ORDER BY country
