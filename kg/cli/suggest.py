"""`kg suggest` and `kg evaluate suggest`: partner suggestions, and how well they find hidden partnerships."""

from __future__ import annotations

import sys

import click

from kg.cli.context import Context, pass_context
from kg.cli.output import echo_rows, format_option, to_json
from kg.cli.progress import PhaseTicker, ProgressBars
from kg.vocabulary import PLACE_KINDS

DECIMALS = {"auc": 3, "precision_at_k": 4, "recall_at_k": 4}
SUGGESTION_COLUMNS = ["rank", "name", "country", "score", "common", "distance_km", "population_ratio",
                      "country_pair_partnerships", "like_cities"]


@click.command()
@click.argument("city")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many suggestions.")
@click.option("--country", "countries", multiple=True, help="Only candidates in this country (repeatable).")
@click.option("--exclude-country", "exclude_countries", multiple=True,
              help="No candidates in this country (repeatable).")
@click.option("--max-km", type=click.FloatRange(min=0, min_open=True), help="Only candidates within this distance.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(PLACE_KINDS),
              help="Only places of this kind (repeatable), e.g. --kind city.")
@click.option("--seed", type=click.IntRange(0, 2 ** 32 - 1), default=0, show_default=True,
              help="The model's seed (each seed's model is kept apart).")
@click.option("--refit", is_flag=True, help="Fit the model again even if one is kept for this graph.")
@format_option
@pass_context
def suggest(obj: Context, city, top, countries, exclude_countries, max_km, kinds, seed, refit, fmt) -> None:
    """Cities CITY has no partnership with yet, most likely first, with the reasons: common partners,
    distance, size, how often cities of the two countries twin, partners of cities like CITY.

    A statistical pattern of the network, not a judgement: see docs/suggestions.md. The model is
    fitted on first use for the graph as it is (seconds) and kept in the cache until the graph changes.

    \b
    Examples:
        kg suggest Kielce
        kg suggest "Narva, EE" --top 5 --exclude-country RU --kind city
        kg suggest "Tartu, EE" --country DE --country FR --max-km 2000 --format json
    """
    with PhaseTicker(enabled=sys.stderr.isatty()) as ticker:
        found = obj.graph.suggest(city, top, countries, exclude_countries, max_km, kinds, seed, refit,
                                  on_phase=ticker.phase)
    model = found.model
    if model.fitted_now:
        click.echo(f"Fitted the suggestion model on {found.partnerships:,} partnerships in {model.fit_seconds:.1f} s; "
                   f"kept in {model.path}.", err=True)
    if fmt == "json":
        click.echo(to_json(found.as_dict()))
        return
    rows = [dict(row, common=len(row["common_partners"])) for row in found]
    if fmt == "csv":
        rows = [dict(row, common_partners="; ".join(row["common_partners"])) for row in found]
        echo_rows(rows, fmt, SUGGESTION_COLUMNS[:4] + ["common_partners"] + SUGGESTION_COLUMNS[5:]
                  + ["partner_country_share", "reasons", "key"])
        return
    click.echo(f"Suggested partners for {found.city['name']} ({found.city['country'] or '?'}):")
    echo_rows(rows, fmt, SUGGESTION_COLUMNS)
    if rows:
        click.echo("\nWhy:")
        for row in found:
            click.echo(f"{row['rank']:>3}. {row['name']}: {row['reasons']}")


@click.group()
def evaluate() -> None:
    """Measure how well a method works on the graph itself."""


@evaluate.command("suggest")
@click.option("--holdout", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.1, show_default=True,
              help="The share of partnerships hidden each repeat.")
@click.option("--repeats", type=click.IntRange(min=1), default=5, show_default=True, help="How many random hidings.")
@click.option("--seed", type=click.IntRange(0, 2 ** 32 - 1), default=0, show_default=True,
              help="Makes the hidings and the models repeatable.")
@click.option("--cities", type=click.IntRange(min=1), default=200, show_default=True,
              help="Cities (that lost a partner) ranked for precision and recall, per repeat.")
@click.option("--k", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many suggestions per city count (precision@k).")
@format_option
@pass_context
def evaluate_suggest(obj: Context, holdout, repeats, seed, cities, k, fmt) -> None:
    """Hide a random share of the partnerships, fit on the rest, and score every method: random, common
    neighbours, Adamic-Adar, resource allocation, preferential attachment, distance only, and the model.

    AUC: hidden pairs against random non-pairs. precision@k and recall@k: per city that lost a partner, among
    all cities it is not partnered with. Mean and standard deviation over the repeats.

    \b
    Examples:
        kg evaluate suggest
        kg evaluate suggest --repeats 1 --holdout 0.2 --format json
    """
    bars = ProgressBars(sys.stderr.isatty())
    bars.phase("Repeats", repeats)
    figures = obj.graph.evaluate_suggest(holdout, repeats, seed, cities, k, on_repeat=lambda _: bars.advance(1))
    bars.finish()
    if fmt == "json":
        click.echo(to_json(figures))
        return
    rows = [{"method": row["method"], **{metric: f"{row[metric]:.{places}f} ± {row[metric + '_sd']:.{places}f}"
                                         for metric, places in DECIMALS.items()}} for row in figures["methods"]]
    if fmt == "csv":
        echo_rows(figures["methods"], fmt)
        return
    click.echo(f"{figures['partnerships']:,} partnerships among {figures['cities']:,} cities; "
               f"{figures['holdout']:.0%} hidden, {figures['repeats']} repeats, seed {figures['seed']}; "
               f"precision and recall at k={figures['k']} over {figures['cities_per_repeat']} cities per repeat "
               f"(precision@k can reach {figures['precision_ceiling']:.4f} at most: most cities lost one partner).")
    echo_rows(rows, fmt)
    click.echo(f"\nWhat a user sees in a list of {figures['k']}: the share of its slots that go to the network's 20 "
               f"best-connected cities, and the median distance of the suggestions (the sampled cities' real "
               f"partners: {figures['partners_median_km']:,.0f} km).")
    echo_rows([{"method": row["method"], "hub_share": f"{row['hub_share']:.3f} ± {row['hub_share_sd']:.3f}",
                "median_km": f"{row['median_km']:,.0f}"} for row in figures["methods"]], fmt)
    click.echo("\nThe model against the best baseline, repeat by repeat:")
    echo_rows([{"metric": metric, "baseline": d["baseline"],
                "model_minus_baseline": f"{d['difference']:+.{DECIMALS[metric]}f} ± "
                                        f"{d['difference_sd']:.{DECIMALS[metric]}f}",
                "repeats_model_ahead": f"{d['repeats_model_ahead']} of {figures['repeats']}"}
               for metric, d in figures["model_vs_best_baseline"].items()], fmt)
