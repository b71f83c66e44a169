// The last step of merging a node into another: $new takes the merged properties, and the node left apart
// goes with the relationships that were moved off it.
MATCH (old:City {key: $old})
MATCH (new:City {key: $new})
SET new = $props
DETACH DELETE old
