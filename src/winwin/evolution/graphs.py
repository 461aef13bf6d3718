"""Population structures from graph specs (``regular:4``, ``grid:10x10``; see
:func:`winwin.spec.parse_graph`), built with networkx (the ``graphs`` extra)."""

from __future__ import annotations

from typing import Any

from winwin._errors import ParameterError
from winwin.spec import Graph, parse_graph

__all__ = ["from_spec"]


def from_spec(spec: str | Graph, n: int) -> Any:
    """The networkx graph of ``spec`` on ``n`` nodes (random regular graphs use seed 0, so a
    spec always names the same graph)."""
    g = spec if isinstance(spec, Graph) else parse_graph(spec)
    try:
        import networkx as nx
    except ImportError:  # pragma: no cover - networkx is in the test extra
        raise ParameterError("graph", str(g), "networkx installed (pip install winwin[graphs])") \
            from None
    if g.kind == "complete":
        return nx.complete_graph(n)
    if g.kind == "cycle":
        return nx.cycle_graph(n)
    if g.kind == "star":
        return nx.star_graph(n - 1)
    if g.kind == "grid":
        r, c = g.args
        if r * c != n:
            raise ParameterError("graph", str(g), f"rows x cols = population ({n})")
        return nx.convert_node_labels_to_integers(nx.grid_2d_graph(r, c, periodic=True))
    d = g.args[0]
    if not 0 < d < n or (d * n) % 2:
        raise ParameterError("graph", str(g), "a degree below the population with "
                             "degree x population even")
    return nx.random_regular_graph(d, n, seed=0)
