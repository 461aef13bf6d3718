"""Evolutionary dynamics: who spreads when strategies reproduce by their payoffs.

- :func:`moran`, :func:`fixation`: finite populations, well-mixed or on a graph (simulated);
- :mod:`winwin.evolution.exact`: fixation probabilities, the one-third rule and the
  small-mutation limit (exact);
- :func:`replicator`, :func:`ecological`, :func:`rest_points`: infinite populations;
- :func:`evolve`: "The Evolution of Trust"'s generational tournament;
- :func:`lattice`, :func:`nowak_may`: spatial games;
- :func:`stationary_distribution`: the full chain with mutation over every population state
  (:mod:`winwin.evolution.chain`), :func:`fixation_probabilities` and :func:`small_mutation`
  for any game and process;
- :func:`gradient_of_selection`, :func:`replicator_rest_points`: gradients and rest points;
- :func:`public_goods`, :func:`stag_hunt`, :func:`volunteer`, :func:`collective_risk`:
  N-player dilemmas (:mod:`winwin.evolution.nplayer`);
- :func:`estimate_fixation`, :func:`estimate_stationary`: Monte Carlo with standard errors;
- :func:`wright_fisher`: non-overlapping generations.

All of them run on a :class:`PayoffTable` of expected per-match payoffs, exact for memory-one
line-ups and simulated on the compiled engine otherwise (:func:`payoff_table`); ``payoffs=``
("total" or "per-turn") says which scale fitness reads them on.
"""

from winwin.evolution._payoffs import SCALES, PayoffTable, payoff_table
from winwin.evolution.chain import (
    Chain,
    StationaryResult,
    chain_memory,
    fixation_probabilities,
    small_mutation,
    stationary_distribution,
    transition_matrix,
)
from winwin.evolution.exact import (
    SmallMutationResult,
    fixation_matrix,
    fixation_probability,
    one_third_rule,
    small_mutation_limit,
)
from winwin.evolution.generational import GenerationalResult, evolve
from winwin.evolution.gradient import GradientResult, gradient_of_selection, replicator_rest_points
from winwin.evolution.montecarlo import (
    StationaryEstimate,
    estimate_fixation,
    estimate_stationary,
)
from winwin.evolution.moran import FixationResult, MoranResult, fixation, moran
from winwin.evolution.nplayer import (
    NPlayerGame,
    collective_risk,
    nplayer_game,
    parse_nplayer,
    public_goods,
    replicator_game,
    stag_hunt,
    volunteer,
)
from winwin.evolution.replicator import DynamicsResult, ecological, replicator, rest_points
from winwin.evolution.spatial import SpatialResult, lattice, nowak_may
from winwin.evolution.wright_fisher import wright_fisher

__all__ = [
    "Chain",
    "DynamicsResult",
    "FixationResult",
    "GenerationalResult",
    "GradientResult",
    "MoranResult",
    "NPlayerGame",
    "PayoffTable",
    "SCALES",
    "SmallMutationResult",
    "SpatialResult",
    "StationaryEstimate",
    "StationaryResult",
    "chain_memory",
    "collective_risk",
    "ecological",
    "estimate_fixation",
    "estimate_stationary",
    "evolve",
    "fixation",
    "fixation_matrix",
    "fixation_probabilities",
    "fixation_probability",
    "gradient_of_selection",
    "lattice",
    "moran",
    "nowak_may",
    "nplayer_game",
    "one_third_rule",
    "parse_nplayer",
    "payoff_table",
    "public_goods",
    "replicator",
    "replicator_game",
    "replicator_rest_points",
    "rest_points",
    "small_mutation",
    "small_mutation_limit",
    "stag_hunt",
    "stationary_distribution",
    "transition_matrix",
    "volunteer",
    "wright_fisher",
]
