// The uniqueness constraints the server has, after `kg db init`.
SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type
RETURN name, labelsOrTypes[0] AS label, properties, type ORDER BY label, name
