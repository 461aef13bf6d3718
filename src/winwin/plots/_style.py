"""Colours, figure sizes and saving: one look for every picture winwin draws."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from winwin import outcomes as _outcomes

# The four outcomes, always in the same colour-blind-safe colours (defined once, in outcomes).
OUTCOME_COLOURS = _outcomes.COLOURS
OUTCOME_LABELS = _outcomes.LABELS
ORDER = _outcomes.ORDER
ENGINE_INDEX = _outcomes.COLUMN

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000"]


def figure(figsize: tuple[float, float], nrows: int = 1, ncols: int = 1, **kw: Any
           ) -> tuple[Any, Any]:
    """A new figure and its axes, outside pyplot (no global state, nothing kept open)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - the plot extra installs it
        from winwin._errors import WinwinError

        raise WinwinError("pictures need matplotlib: pip install 'winwin[plot]'") from None
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.subplots(nrows, ncols, **kw)


def strategy_colours(n: int) -> list[Any]:
    if n <= len(OKABE_ITO):
        return OKABE_ITO[:n]
    import matplotlib

    cmap = matplotlib.colormaps["turbo"]
    return [cmap(x) for x in np.linspace(0.05, 0.95, n)]


def label_size(n: int) -> float:
    """Tick label font size that keeps n names readable."""
    return float(np.clip(11 - 0.06 * n, 5.5, 10))


def tall(n: int, base: float = 3.0, per: float = 0.22) -> float:
    return float(min(40.0, base + per * n))


def finish(fig: Any, path: str | Path | None) -> Any:
    """Save to ``path`` (PNG or SVG by extension) when given; return the figure."""
    fig.tight_layout()
    if path is not None:
        p = Path(path)
        if p.suffix.lower() not in (".png", ".svg", ".pdf"):
            from winwin._errors import ParameterError

            raise ParameterError("plot", str(path), "a file name ending in .png, .svg or .pdf")
        fig.savefig(p, dpi=150 if p.suffix.lower() == ".png" else None, bbox_inches="tight")
    return fig


def png_bytes(fig: Any, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()
