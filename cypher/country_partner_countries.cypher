// name: country_partner_countries
// description: The countries a country's cities are partnered with, by number of partnerships (the
//   country itself counts its partnerships at home, each once).
// params:
//   country: ISO alpha-2 code, e.g. "EE"
//   active_only: true to leave out partnerships suspended or ended (default false)
//   as_of: a year: only partnerships signed by then (or undated) and not ended before it (default null)
// example: kg query country_partner_countries -p country=EE
MATCH (c:City {country: $country})-[r:PARTNER_OF]-(p:City)
WHERE pair_in_view(r)
RETURN p.country AS country, count(DISTINCT r) AS partnerships
ORDER BY partnerships DESC, country
