"""`kg fetch wikidata` against a loopback server that answers as the Query Service does: pages of results, a
429 with Retry-After, a 500; and a fetch cut off that resumes without asking again. No network."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import KGError
from kg.loaders.wikidata import load_wikidata
from kg.loaders.wikidata_fetch import USER_AGENT, fetch_wikidata


def page(qids: list[tuple[str, str]]) -> bytes:
    rows = [{"item": {"type": "uri", "value": f"http://www.wikidata.org/entity/{a}"},
             "itemLabel": {"type": "literal", "value": a},
             "twin": {"type": "uri", "value": f"http://www.wikidata.org/entity/{b}"},
             "twinLabel": {"type": "literal", "value": b},
             "start": {"type": "literal", "value": "1991-01-01T00:00:00Z"}} for a, b in qids]
    return json.dumps({"head": {"vars": ["item", "itemLabel", "twin", "twinLabel", "start"]},
                       "results": {"bindings": rows}}).encode()


class Scripted(BaseHTTPRequestHandler):
    """Answers each POST with the next scripted (status, body), recording the queries and agents."""

    script: list[tuple[int, bytes]] = []
    seen: list[tuple[str, str]] = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        query = urllib.parse.parse_qs(self.rfile.read(length).decode())["query"][0]
        Scripted.seen.append((query, self.headers.get("User-Agent", "")))
        status, body = Scripted.script.pop(0)
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Scripted.seen = []
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    server.server_close()


def test_pages_retries_and_the_record_of_the_fetch(endpoint, tmp_path):
    Scripted.script = [(429, b"slow down"), (200, page([("Q1", "Q2"), ("Q3", "Q4")])), (500, b"oops"),
                       (200, page([("Q5", "Q6")]))]
    waits: list[float] = []
    told: list[float] = []
    out = tmp_path / "p190.json"
    fetch_wikidata(out, endpoint, page_size=2, sleep=waits.append, on_wait=told.append)
    doc = json.loads(out.read_text())
    assert [b["item"]["value"][-2:] for b in doc["results"]["bindings"]] == ["Q1", "Q3", "Q5"]
    assert doc["kg"]["endpoint"] == endpoint and doc["kg"]["pages"] == 2 and doc["kg"]["retrieved"][:2] == "20"
    assert waits == told == [0.0, 2.0]  # the server's Retry-After, then backoff (2 s on a page's first retry)
    assert [q.rsplit("OFFSET", 1)[1].strip() for q, _ in Scripted.seen] == ["0", "0", "2", "2"]
    assert all(agent == USER_AGENT and "pq:P580" in query for query, agent in Scripted.seen)
    assert not (tmp_path / "p190.json.pages").exists()
    source = load_wikidata(out).sources[0]
    assert (source.url, source.retrieved) == (endpoint, doc["kg"]["retrieved"][:10])


def test_a_fetch_cut_off_resumes_without_asking_again(endpoint, tmp_path):
    out = tmp_path / "p190.json"
    Scripted.script = [(200, page([("Q1", "Q2"), ("Q3", "Q4")])), (400, b"bad request")]
    with pytest.raises(KGError, match="HTTP 400"):
        fetch_wikidata(out, endpoint, page_size=2, sleep=lambda _: None)
    assert not out.exists() and len(list((tmp_path / "p190.json.pages").glob("*/00000.json"))) == 1
    Scripted.script = [(200, page([("Q5", "Q6")]))]
    fetch_wikidata(out, endpoint, page_size=2, sleep=lambda _: None)
    assert len(Scripted.seen) == 3 and "OFFSET 2" in Scripted.seen[-1][0]  # the first page was not asked again
    assert len(json.loads(out.read_text())["results"]["bindings"]) == 3


def test_a_resumed_fetch_never_reuses_pages_of_another_page_size_or_endpoint(endpoint, tmp_path):
    """Pages kept for page size 2 are not pages of page size 3: the resumed fetch asks again."""
    out = tmp_path / "p190.json"
    Scripted.script = [(200, page([("Q1", "Q2"), ("Q3", "Q4")])), (400, b"bad request")]
    with pytest.raises(KGError):
        fetch_wikidata(out, endpoint, page_size=2, sleep=lambda _: None)
    Scripted.script = [(200, page([("Q1", "Q2"), ("Q3", "Q4"), ("Q5", "Q6")])), (200, page([]))]
    fetch_wikidata(out, endpoint, page_size=3, sleep=lambda _: None)
    assert len(json.loads(out.read_text())["results"]["bindings"]) == 3 and "OFFSET 0" in Scripted.seen[2][0]


def test_a_page_that_is_not_results_is_never_kept(endpoint, tmp_path):
    out = tmp_path / "p190.json"
    Scripted.script = [(200, b"<html>maintenance</html>")]
    with pytest.raises(KGError, match="not SPARQL JSON results"):
        fetch_wikidata(out, endpoint, page_size=2, sleep=lambda _: None)
    assert not list((tmp_path / "p190.json.pages").glob("*/*.json"))


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "ftp://example.org/sparql", "javascript:alert(1)", ""])
def test_only_http_endpoints_are_asked(tmp_path, bad):
    with pytest.raises(KGError, match="http or https URL"):
        fetch_wikidata(tmp_path / "p190.json", bad, sleep=lambda _: None)


def test_an_endpoint_that_never_stops_paging_is_stopped(endpoint, tmp_path):
    Scripted.script = [(200, page([("Q1", "Q2"), ("Q3", "Q4")]))] * 5
    with pytest.raises(KGError, match="more than the 5 rows"):
        fetch_wikidata(tmp_path / "p190.json", endpoint, page_size=2, sleep=lambda _: None, max_rows=5)


def test_a_huge_retry_after_is_refused_not_slept(endpoint, tmp_path, monkeypatch):
    monkeypatch.setattr(Scripted, "do_POST", _retry_after(86_400))
    waits: list[float] = []
    with pytest.raises(KGError, match="asks to wait 86,400 s"):
        fetch_wikidata(tmp_path / "p190.json", endpoint, page_size=2, sleep=waits.append)
    assert waits == []


def test_the_whole_fetch_has_a_deadline(endpoint, tmp_path):
    Scripted.script = [(200, page([("Q1", "Q2"), ("Q3", "Q4")]))] * 3
    with pytest.raises(KGError, match="took longer than"):
        fetch_wikidata(tmp_path / "p190.json", endpoint, page_size=2, sleep=lambda _: None, deadline=0.0)


def _retry_after(seconds: int):
    def answer(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self.send_response(429)
        self.send_header("Retry-After", str(seconds))
        self.end_headers()
        self.wfile.write(b"come back tomorrow")
    return answer
