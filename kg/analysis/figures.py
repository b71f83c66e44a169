"""How every figure is made and saved, so each reads like a paper's: print size, 300 dpi PNG with a vector
file beside it, colours a colour-blind reader tells apart, the same bytes for the same data.

Figures are `matplotlib.figure.Figure` objects, never pyplot's: nothing here chooses a backend, so a notebook
keeps its own.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

from matplotlib.figure import Figure

PRINT_DPI = 300
WIDTH_IN = 6.5  # a full text width in a journal; text at 8-9 pt stays readable there
STYLE = {"font.size": 8.5, "axes.titlesize": 9, "axes.labelsize": 8.5, "legend.fontsize": 7.5,
         "xtick.labelsize": 7.5, "ytick.labelsize": 7.5, "svg.hashsalt": "twinning-kg", "svg.fonttype": "path",
         "pdf.fonttype": 42, "axes.spines.top": False, "axes.spines.right": False}
# Paul Tol's muted scheme less its sand (too near the land colour) and grey: told apart by colour-blind
# readers, none the colour of land, sea or background
CATEGORICAL = ("#332288", "#CC6677", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
ONE_SERIES, SECOND_SERIES = "#0077BB", "#EE7733"  # Paul Tol's bright blue and orange: bars, and a comparison
VECTOR_METADATA = {".svg": {"Date": None}, ".pdf": {"CreationDate": None, "ModDate": None}}


@contextlib.contextmanager
def figure_style():
    """The figures' shared settings, for the figures made inside the block."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def new_figure(height_in: float, width_in: float = WIDTH_IN) -> Figure:
    """A figure of print width laid out so that no title or label is clipped (constrained layout)."""
    return Figure(figsize=(width_in, height_in), layout="constrained")


def save_figure(fig: Figure, path: Path, vector: str = ".svg") -> list[Path]:
    """Write `fig` as a 300 dpi PNG at `path` and a vector file (SVG, or PDF) beside it; no date or random id
    in either, so the same data give the same bytes every run. Returns both paths, the PNG first."""
    written = []
    for suffix in (".png", vector):
        target = path.with_suffix(suffix)
        fig.savefig(target, dpi=PRINT_DPI, metadata=VECTOR_METADATA.get(suffix))
        written.append(target)
    return written


def p_value_text(p: float) -> str:
    """A p-value as a paper prints it: 'p = 0.032', 'p = 4.1e-12', and 'p < 1e-300' where the double
    underflowed to zero (never 'p 0')."""
    if p != p:  # NaN: the test could not be computed
        return "p not computed"
    if p <= 0 or p < 1e-300:
        return "p < 1e-300"
    if p >= 0.001:
        return f"p = {p:.3f}"
    return f"p = {p:.1e}"


def thousands(n: int | float) -> str:
    """A count with thousands separators: 34,158."""
    return f"{n:,.0f}" if isinstance(n, float) and math.isfinite(n) else f"{n:,}"
