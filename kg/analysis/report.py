"""`kg report`: the network's figures as a Markdown page with PNG plots beside it."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from kg.resolve.gazetteer import distance_km  # noqa: E402


def write_report(network: tuple, stats: dict, folder: str | Path, agreement: dict | None = None) -> Path:
    """Write report.md and its plots into `folder` from the network the figures were computed on
    (`twinning_network`'s graph and edge rows) and where the sources agree (`source_agreement`); return the
    Markdown file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    graph, rows = network
    plots = {name: path for name, path in (
        ("degree", plot_degrees(graph, folder)), ("distance", plot_distances(rows, folder)),
        ("decades", plot_decades(stats, folder)), ("countries", plot_country_pairs(rows, folder)),
        ("sources", plot_source_overlap(agreement or {}, folder))) if path}
    report = folder / "report.md"
    lines = report_lines(stats, plots) + (agreement_lines(agreement) if agreement else [])
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def plot_degrees(graph, folder: Path) -> Path | None:
    degrees = Counter(d for _, d in graph.degree())
    if not degrees:
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    xs = sorted(degrees)
    ax.loglog(xs, [degrees[x] for x in xs], "o", markersize=4)
    ax.set(xlabel="degree (partners)", ylabel="cities", title="Degree distribution (log-log)")
    return _save(fig, folder / "degree_distribution.png")


def plot_distances(rows: list[dict], folder: Path) -> Path | None:
    distances = [distance_km(r["lat_a"], r["lon_a"], r["lat_b"], r["lon_b"]) for r in rows
                 if None not in (r["lat_a"], r["lon_a"], r["lat_b"], r["lon_b"])]
    if not distances:
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(distances, bins=50)
    ax.set(xlabel="great-circle distance (km)", ylabel="partnerships", title="Distance between partners")
    return _save(fig, folder / "distance_histogram.png")


def plot_decades(stats: dict, folder: Path) -> Path | None:
    """Partnerships per decade signed, saying how many of all partnerships carry a date at all."""
    if not stats.get("per_decade"):
        return None
    dated, total = sum(stats["per_decade"].values()), stats.get("partnerships") or 0
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar(list(stats["per_decade"]), list(stats["per_decade"].values()))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="decade signed", ylabel="partnerships",
           title=f"Partnerships signed per decade\n({dated:,} of {total:,} partnerships have a year)")
    ax.tick_params(axis="x", rotation=45)
    return _save(fig, folder / "partnerships_per_decade.png")


def country_pair_matrix(rows: list[dict], size: int = 15) -> tuple[list[str], list[list[int]]]:
    """The `size` countries with the most partnerships (a partnership counts once for each of its two
    countries, twice for a domestic one) and the partnerships between each two of them."""
    pair_counts = Counter(tuple(sorted((r["country_a"] or "?", r["country_b"] or "?"))) for r in rows)
    totals: Counter = Counter()
    for (a, b), n in pair_counts.items():
        totals[a] += n
        totals[b] += n
    top = [c for c, _ in totals.most_common(size)]
    return top, [[pair_counts.get(tuple(sorted((a, b))), 0) for b in top] for a in top]


def plot_country_pairs(rows: list[dict], folder: Path) -> Path | None:
    top, matrix = country_pair_matrix(rows)
    if not top:
        return None
    fig, ax = plt.subplots(figsize=(7, 6))
    image = ax.imshow(matrix, cmap="viridis")
    ax.set_xticks(range(len(top)), top, rotation=90)
    ax.set_yticks(range(len(top)), top)
    ax.set_title(f"Partnerships between the {len(top)} most twinned countries")
    fig.colorbar(image, ax=ax)
    return _save(fig, folder / "country_pairs_heatmap.png")


def plot_source_overlap(agreement: dict, folder: Path, size: int = 12) -> Path | None:
    """Partnerships by the exact set of sources that state them (the `size` largest sets): where the
    sources overlap, and what each states alone."""
    combinations = (agreement.get("combinations") or [])[:size]
    if not combinations:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.7 * len(combinations) + 1.5))
    labels = ["\n+ ".join(row["sources"]) for row in reversed(combinations)]
    counts = [row["pairs"] for row in reversed(combinations)]
    bars = ax.barh(labels, counts, color="#4477AA")
    ax.bar_label(bars, labels=[f"{n:,}" for n in counts], padding=3, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set(xlabel="partnerships", title=f"Partnerships by the sources stating them\n"
                                        f"({agreement['pairs']:,} partnerships in all)")
    ax.margins(x=0.15)
    return _save(fig, folder / "source_overlap.png")


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
    d = stats.get("distance_km") or {}
    lines += [f"| distance_km (median) | {d.get('median')} |", f"| distance_km (mean) | {d.get('mean')} |", "",
              "## Best-connected cities", "", "| city | country | degree |", "|---|---|---|"]
    lines += [f"| {e(r['name'])} | {e(r['country'])} | {r['degree']} |" for r in stats["top_degree"]]
    sample = f" (estimated from {stats['betweenness_sample']} sampled sources)" if stats.get("betweenness_sample") else ""
    lines += ["", f"## Highest betweenness{sample}", "", "| city | country | betweenness |", "|---|---|---|"]
    lines += [f"| {e(r['name'])} | {e(r['country'])} | {r['betweenness']} |" for r in stats["top_betweenness"]]
    return lines + ["", "## Plots", ""] + [f"![{name}]({path.name})" for name, path in plots.items()]


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
