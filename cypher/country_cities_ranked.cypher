// name: country_cities_ranked
// description: A country's cities with partnerships, the most partnered first: how many partnerships
//   each has, how many of them abroad, and in how many other countries.
// params:
//   country: ISO alpha-2 code, e.g. "EE"
//   active_only: true to leave out partnerships suspended or ended (default false)
//   as_of: a year: only partnerships signed by then (or undated) and not ended before it (default null)
//   limit: at most this many rows (default 500)
// example: kg query country_cities_ranked -p country=EE -p limit=10
MATCH (c:City {country: $country})-[r:PARTNER_OF]-(p:City)
WHERE pair_in_view(r)
WITH c, count(p) AS partnerships,
     count(CASE WHEN p.country IS NOT NULL AND p.country <> $country THEN 1 END) AS abroad,
     collect(DISTINCT CASE WHEN p.country <> $country THEN p.country END) AS countries
RETURN c.name AS name, c.key AS key, c.kind AS kind, partnerships, abroad, size(countries) AS other_countries
ORDER BY partnerships DESC, name, key
LIMIT $limit
