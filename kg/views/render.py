"""Interactive network pages with pyvis: one self-contained, offline, UTF-8 HTML file.

pyvis 0.3.2 traps handled here (see shared PITFALLS): `generate_html()` only (never `show()`), written with
utf-8 ourselves; `cdn_resources="in_line"` for vis-network, and the Bootstrap links that the template still
adds are removed, so the page makes no request; nodes and edges are handed over as plain lists (its
`add_edge` is quadratic); positions are precomputed and physics switched off past a few hundred nodes;
every text from the data is plain text (tooltips) or escaped (heading, legend).
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.analysis.network import best_connected_first
from kg.resolve.countries import continent_of, country_name
from kg.vocabulary import FRIENDLY_WITH, MEMBER_OF, PARTNER_OF

FORCE_LAYOUT_MAX_NODES = 300
EDGE_STYLES = {
    PARTNER_OF: {"color": "#4a6fa5", "width": 2, "dashes": False, "label": "partnership (PARTNER_OF)"},
    FRIENDLY_WITH: {"color": "#e08a2e", "width": 2, "dashes": [6, 4], "label": "friendly contact (FRIENDLY_WITH)"},
    MEMBER_OF: {"color": "#4f9d69", "width": 1, "dashes": [2, 3], "label": "association membership (MEMBER_OF)"},
}
CONTINENT_COLOURS = {"EU": "#3b6fb6", "AS": "#d1495b", "AF": "#edae49", "NA": "#00798c", "SA": "#66a182",
                     "OC": "#8e6c8a", "AN": "#999999", None: "#bbbbbb"}
CONTINENT_NAMES = {"EU": "Europe", "AS": "Asia", "AF": "Africa", "NA": "North America", "SA": "South America",
                   "OC": "Oceania", "AN": "Antarctica", None: "unknown"}
ASSOCIATION_COLOUR = "#2f2f2f"
_BOOTSTRAP = re.compile(r"\s*<link\s[^>]*bootstrap[^>]*/?>|\s*<script\s[^>]*bootstrap[^>]*>\s*</script>", re.I | re.S)
_EMPTY_HEADING = re.compile(r"\s*<center>\s*<h1>\s*</h1>\s*</center>", re.I)


@dataclass
class ViewOptions:
    """How a view is drawn: title, layout, colour and size."""
    title: str = "Town twinning network"
    layout: str = "auto"  # auto | force | geo
    colour_by: str = "country"  # country | continent
    size_by: str = "degree"  # degree | population
    height: str = "820px"
    note: str | None = None  # e.g. what a --max-nodes guard dropped
    hover_edges_above: int = 15000  # more relationships than this: each shows only while its city is hovered


@dataclass
class ViewReport:
    """What a view drew and what it left out."""
    nodes: int
    edges: int
    layout: str
    dropped_nodes: int = 0
    dropped_edges: int = 0
    path: str | None = None


# A qualitative, colour-blind-safe palette: Paul Tol's "muted" scheme and three of Okabe & Ito's colours.
# The view's most frequent countries get one each; the rest share OTHER_COLOUR and one legend entry.
PALETTE = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
           "#E69F00", "#D55E00", "#0072B2"]
OTHER_COLOUR = "#BBBBBB"


def country_colours(graph: nx.MultiGraph) -> dict[str | None, str]:
    """A palette colour for each of the view's most frequent countries (ties by code), grey for the rest."""
    counts: dict[str | None, int] = {}
    for _, data in graph.nodes(data=True):
        if data.get("kind") != "association":
            counts[data.get("country")] = counts.get(data.get("country"), 0) + 1
    ranked = sorted((c for c in counts if c), key=lambda c: (-counts[c], c))
    return {code: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, code in enumerate(ranked)}


def limit_nodes(graph: nx.MultiGraph, max_nodes: int,
                keep: Collection[str] = frozenset()) -> tuple[nx.MultiGraph, int, int]:
    """Keep the `max_nodes` best-connected nodes (and `keep`); say how many nodes and edges were dropped."""
    if graph.number_of_nodes() <= max_nodes:
        return graph, 0, 0
    ranked = best_connected_first(graph.nodes, graph.degree, keep)
    sub = graph.subgraph(ranked[:max_nodes]).copy()
    return sub, graph.number_of_nodes() - sub.number_of_nodes(), graph.number_of_edges() - sub.number_of_edges()


def _plain(text: object) -> str:
    """Tooltip text: plain, and never containing 'href' (which switches pyvis to an HTML tooltip)."""
    return re.sub("href", "hre\u200bf", str(text), flags=re.I)


def _positions(graph: nx.MultiGraph, layout: str) -> dict[str, tuple[float, float]] | None:
    if layout == "force":
        return None
    if layout == "geo":
        return geo_positions(graph)
    return nx.spring_layout(nx.Graph(graph), seed=7, iterations=40, scale=60 * math.sqrt(graph.number_of_nodes()))


GEO_WIDTH = 4000  # screen units across the Robinson world; the height follows the projection's aspect


def geo_positions(graph: nx.MultiGraph) -> dict[str, tuple[float, float]]:
    """Longitude/latitude to screen in the Robinson projection of the outlines drawn behind the view; places
    without coordinates sit among their partners, or in a row below the map."""
    from kg.analysis.projection import ROBINSON_ASPECT, robinson_xy

    placed = [(n, d["longitude"], d["latitude"]) for n, d in graph.nodes(data=True)
              if d.get("latitude") is not None and d.get("longitude") is not None]
    pos: dict[str, tuple[float, float]] = {}
    if placed:
        fx, fy = robinson_xy([p[1] for p in placed], [p[2] for p in placed])
        height = GEO_WIDTH * ROBINSON_ASPECT
        pos = {n: (float(x) * GEO_WIDTH, float(y) * height) for (n, _, _), x, y in zip(placed, fx, fy)}
    for _ in range(2):  # neighbours' centroid, twice, so chains of unplaced nodes settle too
        for node in graph.nodes:
            if node in pos:
                continue
            near = [pos[n] for n in graph.neighbors(node) if n in pos]
            if near:
                pos[node] = (sum(p[0] for p in near) / len(near) + 15, sum(p[1] for p in near) / len(near) + 15)
    missing = [n for n in graph.nodes if n not in pos]
    for i, node in enumerate(sorted(missing, key=str)):  # a row below the map
        pos[node] = ((i % 60) * 40, GEO_WIDTH * 0.55 + (i // 60) * 40)
    return pos


def geo_background() -> str:
    """A script drawing the world's outlines under the network, in the network's own coordinates, so the map
    pans and zooms with the nodes; the image is inlined (the page stays one offline file)."""
    from kg.analysis.projection import ROBINSON_ASPECT
    from kg.settings import cache_root

    image = cache_root() / "maps" / "robinson-outlines-2400.png"
    if not image.exists():  # drawn once: basemap and matplotlib take seconds to start
        from kg.analysis.maps import outline_image

        outline_image(image)
    data = base64.b64encode(image.read_bytes()).decode("ascii")
    width, height = GEO_WIDTH, round(GEO_WIDTH * ROBINSON_ASPECT, 1)
    return f"""<script>
  (function () {{
    if (typeof network === "undefined" || !network) {{ return; }}
    var outlines = new Image();
    outlines.onload = function () {{ network.redraw(); }};
    outlines.src = "data:image/png;base64,{data}";
    network.on("beforeDrawing", function (ctx) {{
      if (outlines.complete) {{ ctx.drawImage(outlines, 0, 0, {width}, {height}); }}
    }});
  }})();
</script>"""


def faint_curved_edges(edges: list[dict]) -> None:
    """On a map: edges curved like routes and fainter as they pile up (opacity 0.05 to 0.8)."""
    opacity = round(min(0.8, max(0.05, 10 / math.sqrt(max(len(edges), 1)))), 3)
    for edge in edges:
        edge["color"] = {"color": edge["color"], "opacity": opacity, "highlight": edge["color"]}
        edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15}


def build_html(graph: nx.MultiGraph, options: ViewOptions) -> tuple[str, ViewReport]:
    """The page for a graph from `kg.analysis.network.fetch_subgraph`, and what it holds: the same bytes for the
    same graph, whatever order the database returned its nodes and relationships in."""
    graph = in_key_order(graph)
    layout = choose_layout(graph, options.layout)
    positions = _positions(graph, layout)
    nodes, legend = node_entries(graph, options, positions)
    edges, used_styles = edge_entries(graph)
    if layout == "geo":
        faint_curved_edges(edges)
    hover_only = len(edges) > options.hover_edges_above
    for edge in edges if hover_only else ():
        edge["hidden"] = True
    page = _page(nodes, edges, options, physics=positions is None)
    header = _header_html(options, legend, used_styles, len(nodes), len(edges), hover_only)
    page = page.replace("<body>", "<body>\n" + header, 1)
    background = geo_background() + "\n" if layout == "geo" else ""
    hover = _HOVER_EDGES + "\n" if hover_only else ""
    page = page.replace("</body>", background + hover + _DRAWN_HOOK + "\n</body>", 1)
    return page, ViewReport(nodes=len(nodes), edges=len(edges), layout=layout)


def in_key_order(graph: nx.MultiGraph) -> nx.MultiGraph:
    """The graph with its nodes in key order and each relationship from its smaller key, in order: the seeded
    layout and the page's lists then follow the graph, not the order a query happened to return it in."""
    ordered = nx.MultiGraph(**graph.graph)
    ordered.add_nodes_from(sorted(graph.nodes(data=True), key=lambda item: str(item[0])))
    ends = [(min(a, b, key=str), max(a, b, key=str), data) for a, b, data in graph.edges(data=True)]
    ordered.add_edges_from(sorted(ends, key=lambda edge: (str(edge[0]), str(edge[1]), repr(sorted(edge[2].items())))))
    return ordered


def choose_layout(graph: nx.MultiGraph, layout: str) -> str:
    """auto: the force layout up to FORCE_LAYOUT_MAX_NODES, then fixed positions (geo when most have coordinates)."""
    if layout != "auto":
        return layout
    n = graph.number_of_nodes()
    with_coordinates = sum(1 for _, d in graph.nodes(data=True) if d.get("latitude") is not None)
    return "force" if n <= FORCE_LAYOUT_MAX_NODES else ("geo" if with_coordinates >= 0.8 * n else "spring")


def node_entries(graph: nx.MultiGraph, options: ViewOptions, positions) -> tuple[list[dict], dict[str, str]]:
    """vis-network nodes (plain-text tooltips, colour, size, fixed position if any) and the colour legend."""
    simple = nx.Graph(graph)
    colours = country_colours(graph)
    legend: dict[str, str] = {}
    nodes = []
    for node, data in graph.nodes(data=True):
        degree = simple.degree(node)
        if data.get("kind") == "association":
            entry = _association_entry(node, data, degree)
            legend["Association"] = ASSOCIATION_COLOUR
        else:
            label, colour = _city_colour(data.get("country"), options, colours)
            legend[label] = colour
            entry = _city_entry(node, data, degree, colour, options)
        if positions is not None:
            x, y = positions[node]
            entry.update({"x": round(float(x), 2), "y": round(float(y), 2), "physics": False})
        nodes.append(entry)
    return nodes, legend


def _association_entry(node: str, data: dict, degree: int) -> dict:
    title = f"{data.get('name')}\nAssociation\nMembers in view: {degree}"
    return {"id": node, "label": data.get("name") or node, "title": _plain(title), "shape": "box",
            "color": ASSOCIATION_COLOUR, "font": {"color": "#ffffff"}}


def _city_colour(code: str | None, options: ViewOptions, colours: dict) -> tuple[str, str]:
    """(legend label, colour) of a city, by country or by continent."""
    if options.colour_by == "continent":
        continent = continent_of(code) if code else None
        return CONTINENT_NAMES.get(continent, "unknown"), CONTINENT_COLOURS.get(continent, "#bbbbbb")
    colour = colours.get(code, OTHER_COLOUR)
    if colour == OTHER_COLOUR:
        return "other countries", OTHER_COLOUR
    return f"{country_name(code)} ({code})", colour


def _city_entry(node: str, data: dict, degree: int, colour: str, options: ViewOptions) -> dict:
    code, population = data.get("country"), data.get("population")
    if options.size_by == "population" and population:
        size = 6 + 3 * math.log10(max(population, 10))
    else:
        size = 8 + 4 * math.sqrt(degree)
    lines = [f"{data.get('name')} ({code or '?'})", f"Country: {country_name(code) if code else 'unknown'}"]
    if population:
        lines.append(f"Population: {population:,}")
    lines.append(f"Partners in view: {degree}")
    if data.get("resolved") is False:
        lines.append("Not placed in GeoNames")
    return {"id": node, "label": data.get("name") or node, "title": _plain("\n".join(lines)),
            "color": colour, "size": round(size, 1), "shape": "dot"}


def edge_entries(graph: nx.MultiGraph) -> tuple[list[dict], set[str]]:
    """vis-network edges, a line style per relationship, with what the sources say in the tooltip."""
    edges, used_styles = [], set()
    for a, b, data in graph.edges(data=True):
        relation = data.get("relation", PARTNER_OF)
        style = EDGE_STYLES.get(relation, EDGE_STYLES[PARTNER_OF])
        used_styles.add(relation)
        lines = [f"{graph.nodes[a].get('name')} – {graph.nodes[b].get('name')}", str(style["label"])]
        if data.get("since"):
            lines.append(f"Signed: {data['since']}")
        if data.get("status"):
            lines.append(f"Status: {data['status']}")
        if data.get("areas"):
            lines.append("Areas: " + ", ".join(data["areas"]))
        if data.get("sources"):
            shown = [str(source) for source in data["sources"][:5]]
            more = len(data["sources"]) - len(shown)
            lines.append("Sources: " + "; ".join(shown) + (f" (+{more} more)" if more > 0 else ""))
        edges.append({"from": a, "to": b, "title": _plain("\n".join(lines)), "color": style["color"],
                      "width": style["width"], "dashes": style["dashes"]})
    return edges, used_styles


def _page(nodes: list[dict], edges: list[dict], options: ViewOptions, physics: bool) -> str:
    """pyvis's page with vis-network inlined, its CDN links and empty heading removed, a title added."""
    network = Network(height=options.height, width="100%", cdn_resources="in_line", heading="")
    network.nodes, network.edges = nodes, edges
    network.node_ids = [n["id"] for n in nodes]
    network.options = {
        "physics": {"enabled": physics, "stabilization": {"iterations": 200},
                    "barnesHut": {"gravitationalConstant": -8000, "springLength": 120}},
        "layout": {"randomSeed": 7},  # the force layout starts from the same places every time: the same picture
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(nodes) > 500},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 14 if len(nodes) <= 300 else 10}},
    }
    page = network.generate_html()
    page = _BOOTSTRAP.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="en">', 1)
    return page.replace("<head>", f"<head>\n        <title>{html.escape(options.title)}</title>", 1)


# Above `hover_edges_above` relationships the edges start hidden; hovering a city shows its own.
_HOVER_EDGES = """<script>
  (function () {
    if (typeof network === "undefined" || !network) { return; }
    function show(node, hidden) {
      var ids = network.getConnectedEdges(node);
      network.body.data.edges.update(ids.map(function (id) { return {id: id, hidden: hidden}; }));
    }
    network.on("hoverNode", function (event) { show(event.node, false); });
    network.on("blurNode", function (event) { show(event.node, true); });
  })();
</script>"""

# Lets a reader (and the browser test) see that the network drew and whether any script failed.
_DRAWN_HOOK = """<script>
  (function () {
    function mark() {
      document.body.setAttribute("data-kg-drawn", "yes");
      document.body.setAttribute("data-kg-drawn-ms", String(Math.round(performance.now())));
    }
    if (typeof network !== "undefined" && network) { network.once("afterDrawing", mark); network.redraw(); }
  })();
</script>"""
_ERROR_HOOK = """<script>
  window.kgErrors = [];
  window.addEventListener("error", function (e) {
    window.kgErrors.push(String(e.message));
    document.documentElement.setAttribute("data-kg-errors", window.kgErrors.join(" | "));
  });
</script>"""


def _header_html(options: ViewOptions, legend: dict[str, str], styles: set[str], nodes: int, edges: int,
                 hover_only: bool = False) -> str:
    e = html.escape
    items = sorted(legend.items(), key=lambda kv: kv[0])
    shown, more = items[:24], len(items) - 24
    swatches = "".join(f'<span class="kg-sw"><i style="background:{c}"></i>{e(name)}</span>' for name, c in shown)
    if more > 0:
        swatches += f'<span class="kg-sw">… and {more} more</span>'
    lines = "".join(
        f'<span class="kg-sw"><b style="border-top:3px {"dashed" if EDGE_STYLES[s]["dashes"] else "solid"} '
        f'{EDGE_STYLES[s]["color"]}"></b>{e(str(EDGE_STYLES[s]["label"]))}</span>' for s in sorted(styles))
    note = f'<div class="kg-note">{e(options.note)}</div>' if options.note else ""
    hover_line = (f" More than {options.hover_edges_above:,} relationships: hover a city to see its own."
                  if hover_only else "")
    return f"""{_ERROR_HOOK}
<style>
  body {{ font-family: system-ui, sans-serif; margin: 0 12px; }}
  .kg-head h1 {{ font-size: 20px; margin: 10px 0 2px; }}
  .kg-sub, .kg-note {{ font-size: 13px; color: #444; }} .kg-note {{ color: #a33; }}
  .kg-legend {{ font-size: 12px; margin: 6px 0; line-height: 1.8; }}
  .kg-sw {{ margin-right: 14px; white-space: nowrap; }}
  .kg-sw i {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 4px;
             vertical-align: -1px; }}
  .kg-sw b {{ display: inline-block; width: 26px; margin-right: 4px; vertical-align: 3px; }}
  #mynetwork {{ border: 1px solid #ddd !important; }}
</style>
<div class="kg-head">
  <h1>{e(options.title)}</h1>
  <div class="kg-sub">{nodes} nodes, {edges} relationships. Colour: {e(options.colour_by)};
    size: {e(options.size_by)}. Hover for details and sources.{hover_line}</div>
  {note}
  <div class="kg-legend">{lines}</div>
  <div class="kg-legend">{swatches}</div>
</div>"""


def write_page(page: str, path: str | Path) -> Path:
    """Write the page as UTF-8 (pyvis's own writer omits the encoding)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
