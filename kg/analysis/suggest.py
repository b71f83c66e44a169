"""Partner suggestions: which cities a city is likely to twin with, learnt from the network itself.

Each (city, candidate) pair gets features from topology (common partners, Adamic-Adar, resource allocation,
preferential attachment, partners of cities like it), geography (distance, same country, same continent),
size (population ratio) and the countries' habits (how often cities of the two countries twin, the share of
each city's partners in the other's country). A gradient-boosted tree model (scikit-learn) learns which of
them mark a partnership from partnerships hidden from its own features. A suggestion is a statistical
pattern of the network, not a judgement of fit.
"""

from __future__ import annotations

import logging
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.analysis.network_arrays import Network, distance_km, sample
from kg.files import write_atomically
from kg.settings import cache_root

log = logging.getLogger("kg")

FEATURES = ("common_partners", "adamic_adar", "resource_allocation", "preferential_attachment", "like_cities",
            "log_distance_km", "same_country", "same_continent", "log_population_ratio",
            "country_pair_partnerships", "partner_country_share", "candidate_country_share", "log_degree",
            "log_degree_candidate")
COLUMN = {name: i for i, name in enumerate(FEATURES)}
MONOTONIC = {"common_partners": 1, "adamic_adar": 1, "resource_allocation": 1}  # more shared partners never hurt
MODEL_VERSION = 1  # bump when FEATURES or the fitting change: older kept models are then refitted
# The model's taste for hubs stops at the degree of the network's CAP_RANK-th best-connected city: a city with
# more partners scores as if it had that many. Without it Saint Petersburg led Kyoto's, Coventry's and Porto's
# lists; with it the 20 best-connected cities took 0.1 % of the top-10 slots instead of 9.2 %, at the same AUC
# and precision@10 (docs/suggestions.md).
CAP_RANK = 50


def hub_cap(net: Network) -> float:
    """The degree of the network's CAP_RANK-th best-connected city (no cap in a network smaller than that)."""
    if net.size <= CAP_RANK:
        return float("inf")
    return float(np.sort(net.degree)[-CAP_RANK])


def capped(scores: np.ndarray, features: np.ndarray, cap: float) -> np.ndarray:
    """The model's scores with each candidate's popularity capped: a candidate with more partners than `cap`
    scores as much less as it has more (score x cap / its degree)."""
    degree = np.expm1(features[:, COLUMN["log_degree_candidate"]])
    return scores * np.minimum(1.0, cap / np.maximum(degree, 1.0))


def pair_features(net: Network, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The FEATURES of the pairs (u[i], v[i]), one row each, computed on `net` only (float64; NaN unknown)."""
    cities = net.cities
    degree = net.degree
    columns = {
        "common_partners": sample(net.two_hop("count"), u, v),
        "adamic_adar": sample(net.two_hop("adamic_adar"), u, v),
        "resource_allocation": sample(net.two_hop("resource"), u, v),
        "preferential_attachment": degree[u] * degree[v],
        "like_cities": like_cities(net, u, v),
        "log_distance_km": np.log1p(distance_km(cities, u, v)),
        "same_country": same(cities.country_id, u, v),
        "same_continent": same(cities.continent_id, u, v),
        "log_population_ratio": np.abs(cities.log_population[u] - cities.log_population[v]),
        "log_degree": np.log1p(degree[u]),
        "log_degree_candidate": np.log1p(degree[v]),
    }
    cu, cv = cities.country_id[u], cities.country_id[v]
    known = (cu >= 0) & (cv >= 0)
    pairs = np.full(len(u), np.nan)
    pairs[known] = np.log1p(net.country_pairs[cu[known], cv[known]])
    columns["country_pair_partnerships"] = pairs
    shares = net.partner_countries
    columns["partner_country_share"] = np.where(cv >= 0, shares[u, np.maximum(cv, 0)], np.nan)
    columns["candidate_country_share"] = np.where(cu >= 0, shares[v, np.maximum(cu, 0)], np.nan)
    return np.column_stack([columns[name] for name in FEATURES]).astype(np.float64)


def same(ids: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """1 when both have the same id, 0 when they differ, NaN when either is unknown (-1)."""
    return np.where((ids[u] >= 0) & (ids[v] >= 0), (ids[u] == ids[v]).astype(float), np.nan)


def like_cities(net: Network, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """How many of v's partners share a partner with u: 'partners of cities like u'."""
    a = net.adjacency
    counts = net.degree[v].astype(np.int64)
    pair = np.repeat(np.arange(len(v)), counts)
    starts = np.repeat(a.indptr[v], counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    partner = a.indices[starts + offsets]
    shares = (sample(net.two_hop("count"), u[pair], partner) > 0) & (partner != u[pair])
    return np.bincount(pair, weights=shares, minlength=len(v))


def random_non_pairs(net: Network, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` distinct pairs of different cities that are not partners in `net`, uniformly at random."""
    n = net.size
    taken = set((net.edges[:, 0] * n + net.edges[:, 1]).tolist())
    found: list[int] = []
    chosen: set[int] = set()
    while len(found) < count:
        u, v = rng.integers(0, n, size=(2, 2 * (count - len(found)) + 16))
        low, high = np.minimum(u, v), np.maximum(u, v)
        for code in (low * n + high)[low != high].tolist():
            if code not in taken and code not in chosen:
                chosen.add(code)
                found.append(code)
                if len(found) == count:
                    break
    codes = np.array(found, dtype=np.int64)
    return np.column_stack([codes // n, codes % n])


@dataclass(frozen=True)
class Trees:
    """A fitted HistGradientBoostingClassifier as plain arrays: predicts the same probabilities without
    importing scikit-learn (1.2 s), so `kg suggest` answers fast from a kept model."""

    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    baseline: float

    @classmethod
    def of(cls, model) -> "Trees":
        """The fitted model's trees as flat arrays, for fast scoring."""
        nodes = [tree[0].nodes for tree in model._predictors]
        offsets = np.cumsum([0] + [len(n) for n in nodes[:-1]])
        every = np.concatenate(nodes)
        shift = np.repeat(offsets, [len(n) for n in nodes])
        return cls(feature=every["feature_idx"].astype(np.int64), threshold=every["num_threshold"].astype(float),
                   missing_left=every["missing_go_to_left"].astype(bool),
                   left=every["left"].astype(np.int64) + shift, right=every["right"].astype(np.int64) + shift,
                   leaf=every["is_leaf"].astype(bool), value=every["value"].astype(float), roots=offsets,
                   baseline=float(np.ravel(model._baseline_prediction)[0]))

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(partnership) for each row, as the classifier's predict_proba(...)[:, 1].

        Each tree splits the row indices node by node (0.2 s for 22,000 rows and 150 trees): a level-by-level
        walk of every row through every tree at once moves five times more memory.
        """
        columns = np.ascontiguousarray(features.T)
        feature, threshold, missing_left = self.feature.tolist(), self.threshold.tolist(), self.missing_left.tolist()
        left, right, leaf, value = self.left.tolist(), self.right.tolist(), self.leaf.tolist(), self.value.tolist()
        raw = np.full(len(features), self.baseline)
        for root in self.roots.tolist():
            stack = [(root, np.arange(len(features)))]
            while stack:
                node, rows = stack.pop()
                if leaf[node]:
                    raw[rows] += value[node]
                    continue
                x = columns[feature[node]][rows]
                go_left = x <= threshold[node]
                if missing_left[node]:
                    go_left |= np.isnan(x)
                for child, chosen in ((left[node], rows[go_left]), (right[node], rows[~go_left])):
                    if len(chosen):
                        stack.append((child, chosen))
        return 1 / (1 + np.exp(-raw))


def hide(net: Network, share: float, rng: np.random.Generator) -> tuple[Network, np.ndarray]:
    """The network without a random `share` of its partnerships, and those hidden pairs: nothing computed
    on the first can know of the second."""
    hidden = rng.choice(len(net.edges), size=max(1, round(share * len(net.edges))), replace=False)
    return net.without(hidden), net.edges[hidden]


def training_pairs(net: Network, rng: np.random.Generator, share: float, ratio: int):
    """Hide `share` of the partnerships: they are the positives, `ratio` times as many random non-pairs the
    negatives, both in both orders; the features come from the network without the hidden ones."""
    seen, positives = hide(net, share, rng)
    negatives = random_non_pairs(net, ratio * len(positives), rng)
    pairs = np.concatenate([positives, negatives])
    labels = np.r_[np.ones(len(positives)), np.zeros(len(negatives))]
    u, v = np.r_[pairs[:, 0], pairs[:, 1]], np.r_[pairs[:, 1], pairs[:, 0]]
    return pair_features(seen, u, v), np.r_[labels, labels]


NEGATIVES_PER_POSITIVE = 10  # the model learns from ten random non-pairs per hidden partnership


def calibrated(scores: np.ndarray, net: Network) -> np.ndarray:
    """The model's scores as the chance that a pair is partnered: its odds, learnt at one partnership per
    NEGATIVES_PER_POSITIVE non-pairs, brought to the network's own rate (partnerships per pair of cities;
    Elkan's prior correction). The order is the model's; the values spread (0.1-0.4 for a top ten, where the
    raw scores sat at 0.98-0.999) and can be read."""
    pairs = net.size * (net.size - 1) / 2
    if pairs == 0 or len(net.edges) == 0:
        return scores
    shift = (len(net.edges) / pairs) * NEGATIVES_PER_POSITIVE
    odds = scores / np.maximum(1.0 - scores, 1e-12) * shift
    return odds / (1.0 + odds)


def fit_classifier(net: Network, seed: int = 0, share: float = 0.1, ratio: int = NEGATIVES_PER_POSITIVE):
    """A HistGradientBoostingClassifier fitted on `net` (deterministic for a seed)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(seed)
    features, labels = training_pairs(net, rng, share, ratio)
    model = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.08, max_leaf_nodes=31, min_samples_leaf=min(40, max(5, len(labels) // 100)),
        l2_regularization=1.0,
        early_stopping=False, random_state=seed,
        monotonic_cst=[MONOTONIC.get(name, 0) for name in FEATURES])
    return model.fit(features, labels)


@dataclass(frozen=True)
class FittedModel:
    """A fitted suggestion model, with what it was fitted on (network fingerprint, seed) and where it is cached."""
    trees: Trees
    fingerprint: str
    seed: int
    fit_seconds: float
    path: Path | None = None
    fitted_now: bool = False


def model_path(net: Network, seed: int) -> Path:
    """Where the model fitted on this network with this seed is cached."""
    return cache_root() / "suggest" / f"model-v{MODEL_VERSION}-{net.fingerprint()}-seed{seed}.pkl"


def fitted_model(net: Network, seed: int = 0, refit: bool = False) -> FittedModel:
    """The model for this exact network: read from the cache, or fitted (seconds) and kept there."""
    path = model_path(net, seed)
    if path.exists() and not refit:
        try:
            with path.open("rb") as handle:
                kept = pickle.load(handle)
            return FittedModel(kept["trees"], kept["fingerprint"], seed, kept["fit_seconds"], path)
        except (OSError, pickle.UnpicklingError, KeyError, EOFError, AttributeError):
            log.warning("The kept suggestion model %s could not be read: fitting it again.", path)
    started = time.perf_counter()
    trees = Trees.of(fit_classifier(net, seed))
    seconds = time.perf_counter() - started
    kept = {"trees": trees, "fingerprint": net.fingerprint(), "fit_seconds": seconds}
    write_atomically(path, lambda partial: partial.write_bytes(pickle.dumps(kept)))
    return FittedModel(trees, net.fingerprint(), seed, seconds, path, fitted_now=True)


@dataclass(frozen=True)
class Filters:
    """Which candidates a suggestion may name."""

    countries: frozenset[str] = frozenset()
    exclude_countries: frozenset[str] = frozenset()
    max_km: float | None = None
    kinds: frozenset[str] = frozenset()


def candidates(net: Network, city: int, filters: Filters) -> np.ndarray:
    """Every city that is not `city`, not its partner, not a part of it nor the whole it is part of, and
    passes the filters."""
    cities = net.cities
    keep = np.ones(net.size, dtype=bool)
    keep[city] = False
    keep[net.neighbours(city)] = False
    keep[cities.whole == city] = False
    if cities.whole[city] >= 0:
        keep[cities.whole[city]] = False
    countries = np.array([c or "" for c in cities.countries])
    if filters.countries:
        keep &= np.isin(countries, list(filters.countries))
    if filters.exclude_countries:
        keep &= ~np.isin(countries, list(filters.exclude_countries))
    if filters.kinds:
        keep &= np.isin(np.array([k or "" for k in cities.kinds]), list(filters.kinds))
    if filters.max_km is not None:
        everyone = np.arange(net.size)
        keep &= distance_km(cities, np.full(net.size, city), everyone) <= filters.max_km
    return np.flatnonzero(keep)


def suggestions(net: Network, model: FittedModel, city: int, top: int = 10,
                filters: Filters = Filters()) -> list[dict]:
    """The `top` candidates for `city`, best first, each with its score and the reasons."""
    pool = candidates(net, city, filters)
    u = np.full(len(pool), city)
    features = pair_features(net, u, pool)
    scores = calibrated(capped(model.trees.probability(features), features, hub_cap(net)), net)
    order = np.lexsort((np.array([net.cities.names[i] for i in pool]), -scores))[:top]
    return [dict(rank=rank, **describe(net, city, int(pool[i]), float(scores[i]), features[i]))
            for rank, i in enumerate(order, 1)]


def describe(net: Network, city: int, candidate: int, score: float, features: np.ndarray) -> dict:
    """One suggestion's row: who, the score, and the reasons as fields and in words."""
    cities = net.cities
    common = sorted(set(net.neighbours(city).tolist()) & set(net.neighbours(candidate).tolist()))
    common_names = [cities.names[i] for i in common]
    km = float(np.expm1(features[COLUMN["log_distance_km"]]))
    ratio = float(np.exp(features[COLUMN["log_population_ratio"]]))
    pair_count = features[COLUMN["country_pair_partnerships"]]
    row = {
        "name": cities.names[candidate], "country": cities.countries[candidate], "key": cities.keys[candidate],
        "score": round(score, 4), "common_partners": common_names,
        "distance_km": None if np.isnan(km) else round(km),
        "population_ratio": None if np.isnan(ratio) else round(ratio, 2),
        "country_pair_partnerships": None if np.isnan(pair_count) else int(round(np.expm1(pair_count))),
        "like_cities": int(features[COLUMN["like_cities"]]),
        "partner_country_share": _share(features[COLUMN["partner_country_share"]]),
        "partners": int(net.degree[candidate]),
    }
    row["reasons"] = reasons_in_words(row, cities.names[city], cities.countries[city])
    return row


def _share(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 3)


def reasons_in_words(row: dict, city_name: str, city_country: str | None) -> str:
    """'2 common partners (Vinnytsia, Orléans); 1,210 km; population 1.4× apart; ...'"""
    parts = []
    common = row["common_partners"]
    if common:
        shown = ", ".join(common[:4]) + (f" and {len(common) - 4} more" if len(common) > 4 else "")
        parts.append(f"{len(common)} common partner{'s' if len(common) > 1 else ''} ({shown})")
    if row["like_cities"]:
        verb = "shares" if row["like_cities"] == 1 else "share"
        parts.append(f"{row['like_cities']} of its partners {verb} a partner with {city_name}")
    if row["distance_km"] is not None:
        parts.append(f"{row['distance_km']:,} km away")
    if row["population_ratio"] is not None:
        parts.append(f"population {row['population_ratio']:g}× apart")
    if row["country_pair_partnerships"] and city_country and row["country"]:
        count = row["country_pair_partnerships"]
        between = f"within {city_country}" if city_country == row["country"] else \
            f"between {city_country} and {row['country']}"
        parts.append(f"{count:,} partnership{'' if count == 1 else 's'} {between}")
    if row["partner_country_share"]:
        parts.append(f"{round(100 * row['partner_country_share'])}% of {city_name}'s partners are in "
                     f"{row['country']}")
    return "; ".join(parts) or "no shared partners; suggested by size and the countries' habits alone"
