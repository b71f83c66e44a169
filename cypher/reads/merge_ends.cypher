// The node an earlier load left apart ($old) and the node a later load placed its item on ($new): their
// properties, and whether they are partners or friends of each other (then they are two places).
MATCH (old:City {key: $old})
MATCH (new:City {key: $new})
RETURN properties(old) AS old, properties(new) AS new,
       EXISTS { (old)-[:PARTNER_OF|FRIENDLY_WITH]-(new) } AS twinned
