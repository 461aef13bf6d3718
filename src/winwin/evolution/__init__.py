"""Evolutionary dynamics: who spreads when strategies reproduce by their payoffs.

- :func:`moran`, :func:`fixation`: finite populations, well-mixed or on a graph (simulated);
- :mod:`winwin.evolution.exact`: fixation probabilities, the one-third rule and the
  small-mutation limit (exact);
- :func:`replicator`, :func:`ecological`, :func:`rest_points`: infinite populations;
- :func:`evolve`: "The Evolution of Trust"'s generational tournament;
- :func:`lattice`, :func:`nowak_may`: spatial games.

All of them run on a :class:`PayoffTable` of expected per-match payoffs, exact for memory-one
line-ups and simulated on the compiled engine otherwise (:func:`payoff_table`).
"""

from winwin.evolution._payoffs import PayoffTable, payoff_table
from winwin.evolution.exact import (
    SmallMutationResult,
    fixation_matrix,
    fixation_probability,
    one_third_rule,
    small_mutation_limit,
)
from winwin.evolution.generational import GenerationalResult, evolve
from winwin.evolution.moran import FixationResult, MoranResult, fixation, moran
from winwin.evolution.replicator import DynamicsResult, ecological, replicator, rest_points
from winwin.evolution.spatial import SpatialResult, lattice, nowak_may

__all__ = [
    "DynamicsResult",
    "FixationResult",
    "GenerationalResult",
    "MoranResult",
    "PayoffTable",
    "SmallMutationResult",
    "SpatialResult",
    "ecological",
    "evolve",
    "fixation",
    "fixation_matrix",
    "fixation_probability",
    "lattice",
    "moran",
    "nowak_may",
    "one_third_rule",
    "payoff_table",
    "replicator",
    "rest_points",
    "small_mutation_limit",
]
