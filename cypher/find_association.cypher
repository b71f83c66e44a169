// name: find_association
// description: Associations whose key, name or acronym matches (case-insensitive).
// params:
//   text: key, name or acronym, e.g. "CTA"
// example: kg query find_association -p text=UBC
MATCH (a:Association)
WHERE a.key = $text OR toLower(a.name) = toLower($text) OR toLower(a.acronym) = toLower($text)
   OR toLower(a.name) CONTAINS toLower($text)
RETURN a.key AS key, a.name AS name, a.acronym AS acronym
ORDER BY (a.key = $text OR toLower(a.name) = toLower($text) OR toLower(a.acronym) = toLower($text)) DESC, name
LIMIT 20
