"""`kg fetch wikidata`: run the P190 query against a SPARQL endpoint (online use only; tests use a
recorded response served on loopback)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.errors import KGError
from kg.loaders.wikidata import WIKIDATA_QUERY

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = "twinning-kg/0.1 (town twinning knowledge graph; research use)"


def fetch_wikidata(output: Path, endpoint: str = WIKIDATA_ENDPOINT, timeout: float = 300.0) -> int:
    """POST the query, write the SPARQL JSON results to `output` (atomically); return its size in bytes."""
    data = urllib.parse.urlencode({"query": WIKIDATA_QUERY}).encode()
    request = urllib.request.Request(endpoint, data=data, method="POST", headers={
        "Accept": "application/sparql-results+json", "User-Agent": USER_AGENT,
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise KGError(f"The SPARQL endpoint {endpoint} answered HTTP {exc.code}: {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise KGError(f"Cannot reach the SPARQL endpoint {endpoint}: {getattr(exc, 'reason', exc)}") from None
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(body)
    partial.replace(output)
    return len(body)
