"""`kg suggest` under 3 s on the world graph once the model is fitted; `kg evaluate suggest`
with 5 repeats under 5 minutes on 2 cores; the model ahead of the best baseline on AUC and precision@10.

    python -m bench.bench_suggest [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import bench_database, ensure_world
from kg.analysis.evaluation import evaluate
from kg.analysis.network_arrays import read_network
from kg.analysis.suggest import fitted_model


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - started:.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    db = bench_database()
    ensure_world(db, with_seeds=True)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["KG_CACHE_DIR"] = cache
        net = timed("read the network (cities, partnerships)", lambda: read_network(db))
        print(f"  {net.size:,} cities, {len(net.edges):,} partnerships")
        timed("fit the model", lambda: fitted_model(net))
        env = dict(os.environ, NEO4J_URI=db.settings.uri, NEO4J_PASSWORD=db.settings.password or "")
        seconds = []
        for city in ("Kielce, PL", "Narva, EE", "Paris, FR", "Tartu, EE", "Bursa, TR", "Lyon, FR", "Kraków, PL",
                     "Ostrava, CZ", "Tours, FR", "Zagreb, HR"):
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "kg", "suggest", city], env=env, capture_output=True, text=True)
            seconds.append(time.perf_counter() - started)
            if run.returncode:
                sys.exit(f"kg suggest {city} failed: {run.stderr.strip()}")
        print(f"`kg suggest CITY`, whole process, 10 cities: median {statistics.median(seconds):.2f} s, "
              f"max {max(seconds):.2f} s")
    figures = timed(f"evaluate, {args.repeats} repeats", lambda: evaluate(net, repeats=args.repeats))
    for row in figures["methods"]:
        print(f"  {row['method']:<24} AUC {row['auc']:.3f} ± {row['auc_sd']:.3f}   "
              f"P@10 {row['precision_at_k']:.4f} ± {row['precision_at_k_sd']:.4f}   "
              f"R@10 {row['recall_at_k']:.4f} ± {row['recall_at_k_sd']:.4f}")
    print(f"  precision@10 can reach {figures['precision_ceiling']:.4f} at most")
    for metric, d in figures["model_vs_best_baseline"].items():
        print(f"  model - {d['baseline']} ({metric}): {d['difference']:+.4f} ± {d['difference_sd']:.4f}, "
              f"ahead in {d['repeats_model_ahead']} of {figures['repeats']} repeats")
    db.close()


if __name__ == "__main__":
    main()
