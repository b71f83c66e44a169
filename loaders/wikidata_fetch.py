"""`kg fetch wikidata`: Wikidata's P190 statements with their qualifiers and references, paged from a SPARQL
endpoint (online use only; the tests serve recorded pages, a 429 and a 500 on loopback).

Each page is kept beside the output until the last one arrives (`OUTPUT.pages/`, under a folder named by the
query, endpoint and page size, so a resumed fetch never mixes pages of another), so a fetch cut off by the
network resumes where it stopped; only a page that is SPARQL JSON results is kept. A 429 or a 5xx is retried
with backoff (the server's Retry-After when it gives one, up to five minutes); the whole fetch is bounded in
rows, bytes and time, so an endpoint that never stops paging cannot fill the disk. The results file is the
Query Service's JSON, with the query, the endpoint and the retrieval time under "kg", which `kg load
wikidata` records on the Source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from functools import partial
from importlib.metadata import version
from pathlib import Path

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from kg.errors import KGError
from kg.files import write_atomically
from kg.loaders.wikidata import WIKIDATA_QUERY

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"twinning-kg/{version('twinning-kg')} (town twinning knowledge graph; research use)"
PAGE_SIZE = 10_000
RETRIES = 5
MAX_ROWS = 2_000_000  # P190 has about 80,000 statements a reference each: far beyond any real answer
MAX_BYTES = 2_000_000_000
DEADLINE = 3600.0  # seconds for the whole fetch
MAX_WAIT = 300.0  # the longest Retry-After honoured


def fetch_wikidata(output: Path, endpoint: str = WIKIDATA_ENDPOINT, page_size: int = PAGE_SIZE,
                   progress: Callable[[int], None] | None = None, sleep: Callable[[float], None] = time.sleep,
                   timeout: float = 300.0, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES,
                   deadline: float = DEADLINE, on_wait: Callable[[float], None] | None = None) -> int:
    """Every page of the query's results into `output` (atomically), with the query, endpoint and retrieval
    time; return the file's size in bytes. Pages already fetched for the same query, endpoint and page size
    (a cut-off run) are not asked again. Refused: an endpoint that is not http(s); more than `max_rows` rows
    or `max_bytes` bytes, or more than `deadline` seconds in all (the pages so far are kept)."""
    if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", endpoint or ""):
        raise KGError(f"endpoint must be an http or https URL, got {str(endpoint)[:60]!r}.")
    if page_size < 1:
        raise KGError(f"page_size must be 1 or more, got {page_size}.")
    started = time.monotonic()
    identity = hashlib.sha256(f"{WIKIDATA_QUERY}\n{endpoint}\n{page_size}".encode()).hexdigest()[:16]
    pages = output.with_name(output.name + ".pages") / identity
    pages.mkdir(parents=True, exist_ok=True)
    head, bindings, number, size = None, [], 0, 0
    while True:
        page = pages / f"{number:05d}.json"
        if not page.exists():
            left = deadline - (time.monotonic() - started)
            if left <= 0:
                raise KGError(f"The fetch took longer than {deadline:,.0f} s; {number} pages are kept: run the same "
                              "command again to resume.")
            query = f"{WIKIDATA_QUERY}\nORDER BY ?statement ?ref\nLIMIT {page_size} OFFSET {number * page_size}"
            body = _post(endpoint, query, min(timeout, left), sleep, on_wait)
            _results(body, endpoint)  # a page that is not results is never kept
            write_atomically(page, _writer(body))
        body = page.read_bytes()
        doc = _results(body, endpoint)
        head, rows = doc["head"], doc["results"]["bindings"]
        bindings += rows
        size += len(body)
        if len(bindings) > max_rows or size > max_bytes:
            raise KGError(f"The endpoint {endpoint} has sent {len(bindings):,} rows ({size:,} bytes), more than the "
                          f"{max_rows:,} rows or {max_bytes:,} bytes a P190 answer can hold: stopped.")
        if progress:
            progress(len(rows))
        number += 1
        if len(rows) < page_size:
            break
    retrieved = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    result = {"head": head, "results": {"bindings": bindings},
              "kg": {"query": WIKIDATA_QUERY, "endpoint": endpoint, "retrieved": retrieved, "pages": number}}
    text = json.dumps(result, ensure_ascii=False).encode("utf-8")
    write_atomically(output, _writer(text))
    shutil.rmtree(pages.parent, ignore_errors=True)
    return len(text)


def _post(endpoint: str, query: str, timeout: float, sleep: Callable[[float], None],
          on_wait: Callable[[float], None] | None = None) -> bytes:
    """The endpoint's answer to one query; a 429 or 5xx is asked again (RETRIES times, waiting the server's
    Retry-After up to MAX_WAIT seconds, or 2, 4, 8 ... seconds; `on_wait` is told each wait), anything else
    refused with what the server said."""
    data = urllib.parse.urlencode({"query": query}).encode()
    retrying = Retrying(retry=retry_if_exception(_busy), wait=partial(_wait, endpoint),
                        stop=stop_after_attempt(RETRIES + 1), sleep=sleep, reraise=True,
                        before_sleep=(lambda state: on_wait(state.upcoming_sleep)) if on_wait else None)
    try:
        for attempt in retrying:
            with attempt:
                return _ask(endpoint, data, timeout)
    except urllib.error.HTTPError as exc:
        raise KGError(f"The SPARQL endpoint {endpoint} answered HTTP {exc.code}: {exc.reason}"
                      + (" (pages fetched so far are kept: run the same command again to resume)"
                         if _busy(exc) else "")) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise KGError(f"Cannot reach the SPARQL endpoint {endpoint}: {getattr(exc, 'reason', exc)} (pages "
                      "fetched so far are kept: run the same command again to resume)") from None
    raise KGError(f"The SPARQL endpoint {endpoint} kept refusing")  # not reached: the last attempt raises


def _ask(endpoint: str, data: bytes, timeout: float) -> bytes:
    request = urllib.request.Request(endpoint, data=data, method="POST", headers={
        "Accept": "application/sparql-results+json", "User-Agent": USER_AGENT,
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _busy(exc: BaseException) -> bool:
    """A 429 or 5xx: the server may answer if asked again."""
    return isinstance(exc, urllib.error.HTTPError) and (exc.code == 429 or exc.code >= 500)


def _wait(endpoint: str, state: RetryCallState) -> float:
    """The server's Retry-After, else 2, 4, 8 ... seconds; a wait beyond MAX_WAIT is refused, not slept."""
    exc = state.outcome.exception() if state.outcome else None
    header = exc.headers.get("Retry-After") if isinstance(exc, urllib.error.HTTPError) and exc.headers else None
    seconds = float(header) if header and header.isdigit() else 2.0 ** state.attempt_number
    if seconds > MAX_WAIT:
        raise KGError(f"The SPARQL endpoint {endpoint} asks to wait {seconds:,.0f} s (Retry-After), more "
                      f"than {MAX_WAIT:,.0f} s: try later (pages fetched so far are kept).")
    return seconds


def _results(body: bytes, endpoint: str) -> dict:
    """A page as SPARQL JSON results, or a clear refusal."""
    try:
        doc = json.loads(body)
        doc["results"]["bindings"]  # noqa: B018  (the shape is what is checked)
        return doc
    except (ValueError, KeyError, TypeError):
        raise KGError(f"The SPARQL endpoint {endpoint} answered something that is not SPARQL JSON results: "
                      f"{body[:80]!r}") from None


def _writer(body: bytes) -> Callable[[Path], object]:
    """What `write_atomically` calls to fill its partial file with `body`."""
    return lambda partial: partial.write_bytes(body)
