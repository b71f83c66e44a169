"""The Python API for notebooks and scripts: `TwinningGraph` mirrors the CLI and returns plain rows. On the
seed knowledge base (`kg load seeds`; the tests run this example):

    >>> from kg import TwinningGraph
    >>> g = TwinningGraph()                       # connects from NEO4J_URI, NEO4J_PASSWORD, ...
    >>> [(row["name"], row["country"], row["hops"]) for row in g.hops("Kielce", max_hops=2)][:2]
    [('Vinnytsya', 'UA', 1), ...]
    >>> G = g.to_networkx(g.hops_subgraph("Kielce", 2))   # any result as a networkx graph
    >>> G.number_of_nodes(), G.has_node("gn:769250")       # Kielce, by its key
    (8, True)
    >>> g.close()

One import for every job, which the CLI keeps using: the graph's questions (`kg.api.graph`, with the whole
network's in `kg.api.network`), what a call may ask for (`kg.api.checks`), the sources and tables a load reads
(`kg.api.sources`) and the local server (`kg.api.server`).
"""

from kg.analysis.citation import bibtex, csl_json
from kg.api.checks import (
    ADMINISTRATIVE_KINDS,
    DEFAULT_HOP_RELS,
    MAX_HOPS,
    Hops,
    QueryRows,
    Suggestions,
    check_as_of,
    check_seed,
    clearly_meant,
    relationship_types,
)
from kg.api.graph import TwinningGraph
from kg.api.server import local_server
from kg.api.sources import (
    csv_file,
    data_release,
    extract_partner_page,
    fetch_anchors,
    fetch_boundaries,
    fetch_features,
    fetch_tables,
    fetch_wikidata,
    release_changes,
    seed_documents,
    wikidata_file,
    world_sources,
    yaml_file,
)
from kg.store.writer import WriteReport

__all__ = [
    "ADMINISTRATIVE_KINDS", "DEFAULT_HOP_RELS", "MAX_HOPS", "Hops", "QueryRows", "Suggestions", "TwinningGraph",
    "WriteReport", "bibtex", "check_as_of", "check_seed", "clearly_meant", "csl_json", "csv_file", "data_release",
    "extract_partner_page", "fetch_anchors", "fetch_boundaries", "fetch_features", "fetch_tables",
    "fetch_wikidata", "local_server", "relationship_types", "release_changes", "seed_documents",
    "wikidata_file", "world_sources", "yaml_file",
]
