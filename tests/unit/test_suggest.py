"""Partner suggestions and their evaluation on a hand-made network whose right answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from kg.analysis import evaluation, suggest
from kg.analysis.network_arrays import Network, sample
from kg.analysis.suggest import (
    COLUMN,
    Filters,
    FittedModel,
    Trees,
    candidates,
    fit_classifier,
    fitted_model,
    hide,
    pair_features,
    suggestions,
)
from kg.errors import QueryError
from tests.helpers import hand_made_clubs


@pytest.fixture(scope="module")
def net() -> Network:
    return Network.from_rows(*hand_made_clubs())


def model_for(net: Network, seed: int = 0) -> FittedModel:
    return FittedModel(Trees.of(fit_classifier(net, seed)), net.fingerprint(), seed, 0.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_city_sharing_three_partners_is_suggested_first_with_them_named(net, seed):
    kielce = net.cities.index["Kielce"]
    found = suggestions(net, model_for(net, seed), kielce, top=5)
    assert found[0]["name"] == "Lublin"
    assert found[0]["common_partners"] == ["Radom", "Rzeszów", "Tarnów"]
    assert "3 common partners (Radom, Rzeszów, Tarnów)" in found[0]["reasons"]
    assert found[0]["score"] > found[1]["score"]
    assert [r["rank"] for r in found] == [1, 2, 3, 4, 5]


def test_partners_the_city_itself_and_its_parts_are_never_candidates(net):
    kielce = net.cities.index["Kielce"]
    pool = {net.cities.names[i] for i in candidates(net, kielce, Filters())}
    assert not pool & {"Kielce", "Radom", "Tarnów", "Rzeszów", "Tartu", "Kielce-Centrum"}
    assert {"Lublin", "Viljandi", "Utrecht"} <= pool
    assert len(pool) == net.size - 1 - 4 - 1  # itself, its four partners (three in the club, Tartu), its part


def test_filters_keep_only_the_countries_kinds_and_distance_asked_for(net):
    kielce = net.cities.index["Kielce"]
    model = model_for(net)
    near = suggestions(net, model, kielce, top=50, filters=Filters(max_km=700))
    assert near and all(r["distance_km"] <= 700 for r in near)
    abroad = suggestions(net, model, kielce, top=50, filters=Filters(exclude_countries=frozenset({"PL"})))
    assert abroad and "PL" not in {r["country"] for r in abroad}
    chosen = suggestions(net, model, kielce, top=50, filters=Filters(countries=frozenset({"EE", "LT"})))
    assert {r["country"] for r in chosen} == {"EE", "LT"}
    districts = suggestions(net, model, kielce, top=50, filters=Filters(kinds=frozenset({"district"})))
    assert districts == []  # the only district is Kielce's own


def test_the_tree_arrays_predict_what_scikit_learn_predicts(net):
    classifier = fit_classifier(net, seed=3)
    rng = np.random.default_rng(3)
    u, v = rng.integers(0, net.size, size=(2, 500))
    features = pair_features(net, u, v)
    features[::7, COLUMN["log_distance_km"]] = np.nan  # missing values take the learnt branch too
    assert np.allclose(Trees.of(classifier).probability(features), classifier.predict_proba(features)[:, 1],
                       rtol=0, atol=1e-12)


def test_a_fitted_model_is_kept_for_its_graph_and_refitted_when_the_graph_changes(net, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    first = fitted_model(net)
    assert first.fitted_now and first.path.exists()
    again = fitted_model(net)
    assert not again.fitted_now and again.path == first.path
    smaller = net.without(np.array([0]))
    assert fitted_model(smaller).path != first.path


def test_hidden_pairs_are_not_in_the_network_the_features_come_from(net):
    cities, pairs = hand_made_clubs()
    seen, hidden = hide(net, 0.2, np.random.default_rng(5))
    names = net.cities.keys
    hidden_names = {frozenset((names[a], names[b])) for a, b in hidden.tolist()}
    rebuilt = Network.from_rows(cities, [p for p in pairs if frozenset(p) not in hidden_names])
    assert not sample(seen.adjacency, hidden[:, 0], hidden[:, 1]).any()
    # every feature (topology, country-pair counts, partner shares) is what a network without them gives
    assert np.array_equal(pair_features(seen, hidden[:, 0], hidden[:, 1]),
                          pair_features(rebuilt, hidden[:, 0], hidden[:, 1]), equal_nan=True)
    assert not np.array_equal(pair_features(net, hidden[:, 0], hidden[:, 1]),
                              pair_features(seen, hidden[:, 0], hidden[:, 1]), equal_nan=True)


def test_no_network_the_evaluation_computes_features_on_holds_a_hidden_pair(net, monkeypatch):
    hidden_sets, feature_networks = [], []
    real_hide, real_features = suggest.hide, suggest.pair_features

    def recording_hide(network, share, rng):
        seen, hidden = real_hide(network, share, rng)
        hidden_sets.append({tuple(p) for p in hidden.tolist()})
        return seen, hidden

    def recording_features(network, u, v):
        feature_networks.append((len(hidden_sets), {tuple(p) for p in network.edges.tolist()}))
        return real_features(network, u, v)

    monkeypatch.setattr(evaluation, "hide", recording_hide)
    monkeypatch.setattr(suggest, "hide", recording_hide)
    monkeypatch.setattr(evaluation, "pair_features", recording_features)
    monkeypatch.setattr(suggest, "pair_features", recording_features)
    evaluation.evaluate(net, holdout=0.1, repeats=2, seed=4, cities=5)
    assert len(hidden_sets) == 4  # per repeat: the evaluation's hiding, then the model's own inside the rest
    assert len(feature_networks) > 4
    for hidings, edges in feature_networks:
        repeat_hidden = hidden_sets[2 * ((hidings - 1) // 2)]  # the evaluation's hiding of that repeat
        assert not edges & repeat_hidden


def test_the_evaluation_reports_every_method_and_common_partners_find_the_clubs(net):
    figures = evaluation.evaluate(net, holdout=0.1, repeats=2, seed=0, cities=10)
    table = {row["method"]: row for row in figures["methods"]}
    assert list(table) == list(evaluation.METHODS)
    assert table["common_neighbours"]["auc"] > 0.9  # a hidden club partnership keeps three common partners
    assert table["model"]["auc"] > 0.9
    for row in table.values():
        assert 0 <= row["precision_at_k"] <= 1 and 0 <= row["recall_at_k"] <= 1 and row["auc_sd"] >= 0
        assert 0 <= row["hub_share"] <= 1 and row["median_km"] == row["median_km"] or row["method"] == "random"
    assert figures["partners_median_km"] > 0
    with pytest.raises(QueryError, match="holdout"):  # a KGError, as everything the library raises
        evaluation.evaluate(net, holdout=1.5)


def test_the_popularity_cap_scores_a_hub_as_if_it_had_the_capped_degree():
    """A candidate with twice the cap's partners keeps half its score; one below the cap keeps all of it; a
    network no larger than CAP_RANK cities has no cap."""
    from kg.analysis.suggest import CAP_RANK, capped, hub_cap

    features = np.zeros((3, len(suggest.FEATURES)))
    features[:, COLUMN["log_degree_candidate"]] = np.log1p([80, 40, 10])
    assert np.allclose(capped(np.array([0.9, 0.9, 0.9]), features, 40.0), [0.45, 0.9, 0.9])
    clubs = Network.from_rows(*hand_made_clubs())
    assert hub_cap(clubs) == sorted(clubs.degree)[-CAP_RANK]  # 61 cities: the 50th best-connected's degree
    cities, pairs = hand_made_clubs()
    few = [row for row in cities if row[0] in {"Kielce", "Radom", "Tarnów"}]
    assert hub_cap(Network.from_rows(few, [p for p in pairs if {p[0], p[1]} <= {"Kielce", "Radom", "Tarnów"}])) \
        == float("inf")


def test_calibrated_scores_keep_the_order_and_spread_to_the_networks_own_rate():
    """Raw scores of 0.98-0.999 (learnt at ten non-pairs per partnership) become chances at the network's
    rate of partnerships per pair of cities: the same order and odds ratios, so on a sparse network they
    spread (Kyoto's top ten: 0.10-0.42 on the world graph)."""
    from kg.analysis.suggest import NEGATIVES_PER_POSITIVE, calibrated

    net = Network.from_rows(*hand_made_clubs())
    raw = np.array([0.999, 0.995, 0.98, 0.5])
    chances = calibrated(raw, net)
    assert list(np.argsort(-chances)) == [0, 1, 2, 3] and np.all((chances > 0) & (chances < raw))
    rate = len(net.edges) / (net.size * (net.size - 1) / 2) * NEGATIVES_PER_POSITIVE
    assert chances[3] == pytest.approx(rate / (1 + rate))  # even odds become the network's own odds
    odds = lambda p: p / (1 - p)  # noqa: E731
    assert odds(chances[0]) / odds(chances[2]) == pytest.approx(odds(raw[0]) / odds(raw[2]))  # ratios kept


def test_reasons_read_right_in_the_singular_and_at_home():
    from kg.analysis.suggest import reasons_in_words

    row = {"common_partners": [], "like_cities": 0, "distance_km": None, "population_ratio": None,
           "country_pair_partnerships": 1, "country": "TH", "partner_country_share": 0}
    assert reasons_in_words(row, "Lyon", "FR") == "1 partnership between FR and TH"
    home = {**row, "country_pair_partnerships": 31, "country": "FR"}
    assert reasons_in_words(home, "Lyon", "FR") == "31 partnerships within FR"
