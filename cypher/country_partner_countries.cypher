// name: country_partner_countries
// description: The countries a country's cities are partnered with, by number of partnerships (the
//   country itself counts its partnerships at home, each once).
// params:
//   country: ISO alpha-2 code, e.g. "EE"
// example: kg query country_partner_countries -p country=EE
MATCH (c:City {country: $country})-[r:PARTNER_OF]-(p:City)
RETURN p.country AS country, count(DISTINCT r) AS partnerships
ORDER BY partnerships DESC, country
