"""The size of every request the playground accepts, in one place.

Each cap bounds the work of one request so that it fits the time budget on a laptop; a request
over a cap is answered with 422 naming the field and the cap, before any work starts.

>>> work_turns(pairs=3, turns=200, repetitions=10)
6000
>>> check_work(pairs=3, turns=200, repetitions=10) is None
True
"""

from __future__ import annotations

#: Strategies in one tournament, payoff table or population.
MAX_STRATEGIES = 40
#: Turns of one match (and 1 / prob_end, the mean length of a random one).
MAX_TURNS = 10_000
MIN_PROB_END = 1.0 / MAX_TURNS
MAX_REPETITIONS = 1_000
#: Turns per pair over all repetitions.
MAX_TURNS_X_REPETITIONS = 100_000
#: Turns of a whole tournament (pairs x turns x repetitions).
MAX_WORK = 20_000_000
#: A strategy spec's length in characters (the library allows more; a browser needs no more).
MAX_SPEC = 200
MAX_GAME_SPEC = 200
#: Generational evolution: individuals, generations and their product with the match length.
MAX_POPULATION = 100
MAX_GENERATIONS = 500
MAX_EVOLUTION_WORK = 50_000_000
#: Moran: individuals and generations (of N birth-death steps each).
MAX_MORAN_POPULATION = 1_000
MAX_MORAN_GENERATIONS = 2_000
#: Replicator: time and points of the curve.
MAX_TIME = 10_000.0
MAX_POINTS = 1_000
#: Replicator: time x the spread of per-match payoffs (the integration's number of steps grows
#: with it).
MAX_REPLICATOR_STIFFNESS = 20_000
#: Play: turns of a game the person plays by hand.
MAX_PLAY_TURNS = 200
#: Scenario: characters of one answer (a name, an option) and of the past moves.
MAX_SCENARIO_TEXT = 200
MAX_SCENARIO_MOVES = 400
#: Seconds a request may take before the server answers 503.
TIME_BUDGET = 8.0


class CapError(Exception):
    """A request over a cap: the field, the value and the cap, in words."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        super().__init__(field, value, allowed)
        self.field, self.value, self.allowed = field, value, allowed

    def __str__(self) -> str:
        return f"{self.field}={self.value!r} is not allowed: {self.allowed}"


def mean_length(turns: int | None, prob_end: float | None) -> float:
    if turns is not None:
        return float(turns)
    return 1.0 / prob_end if prob_end else 200.0


def work_turns(*, pairs: int, turns: float, repetitions: int) -> int:
    return int(round(pairs * turns * repetitions))


def check_work(*, pairs: int, turns: float, repetitions: int) -> None:
    """Refuse a tournament whose turns per pair or in all exceed the caps."""
    per_pair = turns * repetitions
    if per_pair > MAX_TURNS_X_REPETITIONS:
        raise CapError("turns*repetitions", int(per_pair),
                       f"at most {MAX_TURNS_X_REPETITIONS:,} turns per pair")
    total = work_turns(pairs=pairs, turns=turns, repetitions=repetitions)
    if total > MAX_WORK:
        raise CapError("strategies*turns*repetitions", total,
                       f"at most {MAX_WORK:,} turns in one tournament")


def check_evolution_work(*, population: int, turns: float, generations: int) -> None:
    total = int(population * (population - 1) / 2 * turns * generations)
    if total > MAX_EVOLUTION_WORK:
        raise CapError("population*turns*generations", total,
                       f"at most {MAX_EVOLUTION_WORK:,} turns in one evolution")
