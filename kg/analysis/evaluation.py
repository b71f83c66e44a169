"""How well partner suggestions find partnerships they were not shown: the model against the standard baselines.

Each repeat hides a random share of the partnerships, fits the model on the rest (its own features never see
the hidden ones: they are computed on the network without them), and scores every method two ways:
- AUC: the hidden pairs against as many random pairs of cities that are partners nowhere in the graph;
- precision@k and recall@k per city: for sampled cities that lost a partner, the k best candidates among all
  cities not their partners in what the methods see; ties are broken at random.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from kg.analysis.network_arrays import Network, distance_km
from kg.analysis.suggest import (
    COLUMN,
    Filters,
    candidates,
    capped,
    fit_classifier,
    hide,
    hub_cap,
    pair_features,
    random_non_pairs,
)
from kg.errors import QueryError

METHODS = ("random", "common_neighbours", "adamic_adar", "resource_allocation", "preferential_attachment",
           "distance", "model")
METRICS = ("auc", "precision_at_k", "recall_at_k")
# what a municipal user sees in a list of k: how many of the slots go to the network's 20 best-connected
# cities, and how far the suggestions lie (against the sampled cities' real partners)
SEEN_BY_USERS = ("hub_share", "median_km")
HUBS = 20


def method_scores(features: np.ndarray, model, rng: np.random.Generator, cap: float) -> dict[str, np.ndarray]:
    """Each method's score for the pairs whose features are given: higher means more likely partners (the
    model's with the candidates' popularity capped at `cap` partners, as `kg suggest` ranks them)."""
    distance = features[:, COLUMN["log_distance_km"]]
    return {
        "random": rng.random(len(features)),
        "common_neighbours": features[:, COLUMN["common_partners"]],
        "adamic_adar": features[:, COLUMN["adamic_adar"]],
        "resource_allocation": features[:, COLUMN["resource_allocation"]],
        "preferential_attachment": features[:, COLUMN["preferential_attachment"]],
        "distance": -np.where(np.isnan(distance), np.inf, distance),  # no coordinates: last
        "model": capped(model.predict_proba(features)[:, 1], features, cap),
    }


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """The chance a positive outscores a negative, ties counting half (the Mann-Whitney statistic)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.r_[positive, negative])
    n_pos, n_neg = len(positive), len(negative)
    return float((ranks[:n_pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def ranking_hits(seen: Network, hidden: np.ndarray, model, rng: np.random.Generator, cities: int, k: int
                 ) -> dict[str, list[tuple[float, float, float, float]]]:
    """For up to `cities` cities that lost a partner: each method's (precision@k, recall@k, share of the k
    slots that went to the `HUBS` best-connected cities, median km of the k) per city, and under "ceiling"
    the best any method could do (a city that lost one partner can reach 1/k) with its real partners' km."""
    order = np.lexsort((np.arange(seen.size), -seen.degree))
    hubs, cap = set(order[:HUBS].tolist()), hub_cap(seen)
    lost: dict[int, set[int]] = defaultdict(set)
    for a, b in hidden.tolist():
        lost[a].add(b)
        lost[b].add(a)
    chosen = rng.choice(sorted(lost), size=min(cities, len(lost)), replace=False)
    results: dict[str, list[tuple[float, float, float, float]]] = defaultdict(list)
    for city in chosen.tolist():
        pool = candidates(seen, city, Filters())
        features = pair_features(seen, np.full(len(pool), city), pool)
        hits_wanted = lost[city]
        reachable = min(len(hits_wanted), k)
        partners = np.array(sorted(set(seen.neighbours(city).tolist()) | hits_wanted))
        results["ceiling"].append((reachable / k, reachable / len(hits_wanted), 0.0,
                                   _median_km(seen, city, partners)))
        tie_break = rng.random(len(pool))
        for method, scores in method_scores(features, model, rng, cap).items():
            best = pool[np.lexsort((tie_break, -scores))[:k]]
            hits = len(hits_wanted & set(best.tolist()))
            results[method].append((hits / k, hits / len(hits_wanted), len(hubs & set(best.tolist())) / len(best),
                                    _median_km(seen, city, best)))
    return results


def _median_km(net: Network, city: int, others: np.ndarray) -> float:
    """The median distance from `city` to `others` (NaN when no distance is known)."""
    km = distance_km(net.cities, np.full(len(others), city), others)
    return float(np.nanmedian(km)) if np.isfinite(km).any() else float("nan")


def one_repeat(net: Network, holdout: float, seed: int, cities: int, k: int) -> dict[str, dict[str, float]]:
    """One random hiding of `holdout` of the partnerships: every method's AUC, precision and recall at `k`."""
    rng = np.random.default_rng(seed)
    seen, hidden = hide(net, holdout, rng)
    model = fit_classifier(seen, seed)
    negatives = random_non_pairs(net, len(hidden), rng)  # partners nowhere, hidden ones included
    pairs = np.concatenate([hidden, negatives])
    scores = method_scores(pair_features(seen, pairs[:, 0], pairs[:, 1]), model, rng, hub_cap(seen))
    ranked = ranking_hits(seen, hidden, model, rng, cities, k)
    figures: dict[str, Any] = {method: {"auc": auc(scores[method][:len(hidden)], scores[method][len(hidden):]),
                          "precision_at_k": statistics.fmean(r[0] for r in ranked[method]),
                          "recall_at_k": statistics.fmean(r[1] for r in ranked[method]),
                          "hub_share": statistics.fmean(r[2] for r in ranked[method]),
                          "median_km": _nan_median([r[3] for r in ranked[method]])}
               for method in METHODS}
    figures["precision_ceiling"] = statistics.fmean(r[0] for r in ranked["ceiling"])
    figures["partners_median_km"] = _nan_median([r[3] for r in ranked["ceiling"]])
    return figures


def _nan_median(values: list[float]) -> float:
    known = [v for v in values if v == v]
    return statistics.median(known) if known else float("nan")


def evaluate(net: Network, holdout: float = 0.1, repeats: int = 5, seed: int = 0, cities: int = 200, k: int = 10,
             on_repeat: Callable[[int], None] | None = None) -> dict:
    """Every method's mean and standard deviation of each metric over `repeats` random hidings."""
    if not 0 < holdout < 1:
        raise QueryError(f"holdout must be between 0 and 1, got {holdout}")
    runs: list[dict[str, Any]] = []
    for repeat in range(repeats):
        runs.append(one_repeat(net, holdout, seed * 1000 + repeat, cities, k))
        if on_repeat:
            on_repeat(repeat + 1)
    table = []
    for method in METHODS:
        row: dict = {"method": method}
        for metric in METRICS + SEEN_BY_USERS:
            values = [run[method][metric] for run in runs]
            row[metric] = statistics.fmean(values)
            row[f"{metric}_sd"] = statistics.stdev(values) if len(values) > 1 else 0.0
        table.append(row)
    return {"cities": net.size, "partnerships": len(net.edges), "holdout": holdout, "repeats": repeats,
            "seed": seed, "cities_per_repeat": cities, "k": k, "methods": table,
            "precision_ceiling": statistics.fmean(run["precision_ceiling"] for run in runs),
            "partners_median_km": statistics.fmean(run["partners_median_km"] for run in runs),
            "model_vs_best_baseline": paired_differences(runs, table)}


def paired_differences(runs: list[dict], table: list[dict]) -> dict[str, dict]:
    """For each metric, the model minus the best baseline, repeat by repeat (the same hidden pairs and the
    same cities for both: the spread of the difference is much smaller than either's own)."""
    result = {}
    for metric in METRICS:
        best = max((row for row in table if row["method"] not in ("model", "random")), key=lambda r: r[metric])
        differences = [run["model"][metric] - run[best["method"]][metric] for run in runs]
        result[metric] = {"baseline": best["method"], "difference": statistics.fmean(differences),
                          "difference_sd": statistics.stdev(differences) if len(differences) > 1 else 0.0,
                          "repeats_model_ahead": sum(d > 0 for d in differences)}
    return result
