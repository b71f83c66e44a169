"""A bounded load test on loopback. Four threads ask `hops --max 2` from well-connected cities
while `kg load world` runs; prints throughput and latency, and checks every answer is a consistent snapshot
(between the answer before the load and the one after). Bounded: stops with the load or after 5 minutes.

    python -m bench.bench_concurrency
"""

from __future__ import annotations

import threading
import time

from bench.common import bench_database, percentiles
from kg.api import TwinningGraph
from kg.loaders.seeds import parse_seeds
from kg.loaders.world import load_world
from kg.pipeline import load_dataset

THREADS, MAX_SECONDS = 4, 300
CITIES = ["Kielce", "Vinnytsia", "Panevėžys, LT", "Ostrava", "Narva"]


def main() -> None:
    db = bench_database()
    db.clear()

    load_dataset(db, parse_seeds)
    graph = TwinningGraph(database=db)
    before = {c: {r["key"] for r in graph.hops(c, 2)} for c in CITIES}
    latencies: list[float] = []
    answers: list[tuple[str, set]] = []
    errors: list[str] = []
    done = threading.Event()
    lock = threading.Lock()

    def ask(offset: int) -> None:
        deadline = time.monotonic() + MAX_SECONDS
        i = offset
        while not done.is_set() and time.monotonic() < deadline:
            city = CITIES[i % len(CITIES)]
            i += 1
            started = time.perf_counter()
            try:
                keys = {r["key"] for r in graph.hops(city, 2)}
            except Exception as exc:  # noqa: BLE001 (counted and printed)
                errors.append(repr(exc))
                continue
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                answers.append((city, keys))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(THREADS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    _, report = load_dataset(db, load_world)
    done.set()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    after = {c: {r["key"] for r in graph.hops(c, 2)} for c in CITIES}
    inconsistent = sum(1 for city, keys in answers if not before[city] <= keys <= after[city])
    print(f"load world under query load: {report.seconds['total']:.1f} s; {len(answers)} hops answers in "
          f"{seconds:.1f} s = {len(answers) / seconds:.1f} queries/s from {THREADS} threads; latency "
          f"{percentiles(latencies)} ms; errors {len(errors)}; inconsistent answers {inconsistent}")
    db.close()


if __name__ == "__main__":
    main()
