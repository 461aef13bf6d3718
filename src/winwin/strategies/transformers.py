"""Strategy transformers: a strategy made from another one.

``dual(s)``: plays C exactly where s, seeing its own past moves flipped, would play D.
``noisy(s, e)``: flips s's intended move with probability e (on top of the match's noise).
``forgiving(s, p)``: when s would defect, cooperates instead with probability p.
``initial(s, moves)``: opens with the given moves, then plays s (s keeps deciding, and keeping
its state, through the opening; only its moves there are replaced).
``final(s, n)``: defects on the last n turns when the match length is known (fixed turns).

They compose (``noisy(dual(tit-for-tat), e=0.1)``) and run compiled whenever the inner strategy
does: the compiled engine applies the transforms to the inner strategy's probability to
cooperate, and feeds a dual its own moves flipped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

import numpy as np

from winwin._errors import ParameterError
from winwin.game import Game
from winwin.strategies import _base
from winwin.strategies import _kinds as K
from winwin.strategies._base import Automaton, CompiledSpec, Param, Strategy, Traits, View, mixed

__all__ = ["Dual", "Final", "Forgiving", "Initial", "Noisy", "TRANSFORMERS", "Transformer"]

NOISY, FORGIVING, INITIAL, FINAL, DUAL = K.NOISY, K.FORGIVING, K.INITIAL, K.FINAL, K.DUAL
MAX_OPS = 8
MAX_INITIAL = 50


def _probability(out: Any) -> float:
    if isinstance(out, _base.Mixed):
        return out.p
    if isinstance(out, str):
        return 1.0 if out in ("C", "c") else 0.0
    return 1.0 if int(out) == 0 else 0.0


class _Flipped:
    """A view of the same match with the player's own moves flipped (for ``dual``)."""

    def __init__(self, view: View) -> None:
        self._view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)

    @property
    def own(self) -> np.ndarray:
        v = 1 - self._view.own
        v.flags.writeable = False
        return v

    @property
    def own_defections(self) -> int:
        return self._view.turn - self._view.own_defections


class Transformer(Strategy, register=False):
    """A strategy wrapping ``inner``; subclasses define one transform."""

    op: int = 0
    params: ClassVar[tuple[Param, ...]] = (
        Param("inner", "strategy", None, "the strategy transformed"),)
    inner: Strategy

    def _check(self) -> None:
        if not isinstance(self.inner, Strategy):
            raise ParameterError(f"{self.slug}.inner", self.inner, "a strategy")

    def reset(self) -> None:
        inner = self.__dict__.get("inner")
        if isinstance(inner, Strategy):
            inner.reset()

    def clone(self) -> Strategy:
        new = super().clone()
        new.inner = self.inner.clone()  # type: ignore[attr-defined]
        return new

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"{type(self).label}({self.inner.name})"

    label = ""

    def transform(self, p: float, view: View) -> float:
        raise NotImplementedError

    def decide(self, view: View) -> Any:
        return mixed(self.transform(_probability(self.inner.decide(view)), view))

    def _op(self) -> tuple[int, float, float]:
        raise NotImplementedError

    def compiled(self, game: Game) -> CompiledSpec | None:
        inner = self.inner.compiled(game)
        if inner is None or len(inner.ops) >= MAX_OPS:
            return None
        return replace(inner, ops=(*inner.ops, self._op()))

    def automaton(self, game: Game) -> Automaton | None:
        return None

    def memory_one(self, game: Game) -> tuple[float, float, float, float, float] | None:
        return None

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return self.inner.traits


class Dual(Transformer, register=False):
    slug = "dual"
    label = "Dual"
    rule = ("Cooperates exactly where the inner strategy, seeing its own past moves flipped, "
            "would defect (Ashlock & Kim's dual).")
    citation = "Ashlock & Kim (2008), IEEE Trans. Evol. Comp. 12:647-659"

    def decide(self, view: View) -> Any:
        p = _probability(self.inner.decide(_Flipped(view)))  # type: ignore[arg-type]
        return mixed(1.0 - p)

    def _op(self) -> tuple[int, float, float]:
        return (DUAL, 0.0, 0.0)

    def compiled(self, game: Game) -> CompiledSpec | None:
        spec = super().compiled(game)
        return None if spec is None else replace(spec, flip=not spec.flip)

    def automaton(self, game: Game) -> Automaton | None:
        a = self.inner.automaton(game)
        if a is None:
            return None
        nxt = np.asarray(a.next).reshape(-1, 4)[:, [2, 3, 0, 1]]  # own move flipped
        return Automaton(1.0 - np.asarray(a.probs), nxt.ravel(), a.start)

    def memory_one(self, game: Game) -> tuple[float, float, float, float, float] | None:
        v = self.inner.memory_one(game)
        if v is None:
            return None
        first, cc, cd, dc, dd = v
        return (1 - first, 1 - dc, 1 - dd, 1 - cc, 1 - cd)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        t = self.inner.traits
        return Traits(memory_depth=t.memory_depth, stochastic=t.stochastic, nice=None)


class _ProbabilityMap(Transformer, register=False):
    """Transforms that only remap the probability: they keep memory-one and automaton forms."""

    def remap(self, p: np.ndarray | float) -> Any:
        raise NotImplementedError

    def transform(self, p: float, view: View) -> float:
        return float(self.remap(p))

    def automaton(self, game: Game) -> Automaton | None:
        a = self.inner.automaton(game)
        if a is None:
            return None
        return Automaton(self.remap(np.asarray(a.probs)), a.next, a.start)

    def memory_one(self, game: Game) -> tuple[float, float, float, float, float] | None:
        v = self.inner.memory_one(game)
        if v is None:
            return None
        first, cc, cd, dc, dd = (float(self.remap(x)) for x in v)
        return (first, cc, cd, dc, dd)


class Noisy(_ProbabilityMap, register=False):
    slug = "noisy"
    label = "Noisy"
    rule = "Plays the inner strategy but flips each intended move with probability e."
    citation = "Axelrod-Python's NoisyTransformer (Knight et al. 2016)"
    params = (*Transformer.params, Param("e", "prob", 0.05, "probability to flip a move"))
    e: float

    def remap(self, p: Any) -> Any:
        return p * (1.0 - self.e) + (1.0 - p) * self.e

    def _op(self) -> tuple[int, float, float]:
        return (NOISY, self.e, 0.0)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        t = self.inner.traits
        return Traits(memory_depth=t.memory_depth,
                      stochastic=t.stochastic or 0.0 < self.e < 1.0,
                      nice=t.nice if self.e == 0.0 else (None if self.e == 1.0 else False))


class Forgiving(_ProbabilityMap, register=False):
    slug = "forgiving"
    label = "Forgiving"
    rule = "Plays the inner strategy, but where it would defect cooperates with probability p."
    citation = "Axelrod-Python's ForgiverTransformer (Knight et al. 2016)"
    params = (*Transformer.params, Param("p", "prob", 0.1, "probability to forgive"))
    p: float

    def remap(self, q: Any) -> Any:
        return q + (1.0 - q) * self.p

    def _op(self) -> tuple[int, float, float]:
        return (FORGIVING, self.p, 0.0)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        t = self.inner.traits
        return Traits(memory_depth=t.memory_depth,
                      stochastic=t.stochastic or 0.0 < self.p < 1.0,
                      nice=True if t.nice else None, forgiving=True)


class Initial(Transformer, register=False):
    slug = "initial"
    label = "Initial"
    rule = ("Opens with the given moves, then plays the inner strategy (which keeps deciding, "
            "and keeping its state, during the opening).")
    citation = "Axelrod-Python's InitialTransformer (Knight et al. 2016)"
    params = (*Transformer.params, Param("moves", "moves", "D", "the opening moves"))
    moves: str

    def _check(self) -> None:
        super()._check()
        if len(self.moves) > MAX_INITIAL:
            raise ParameterError("initial.moves", self.moves, f"at most {MAX_INITIAL} moves")

    def transform(self, p: float, view: View) -> float:
        if view.turn < len(self.moves):
            return 1.0 if self.moves[view.turn] == "C" else 0.0
        return p

    def _op(self) -> tuple[int, float, float]:
        bits = sum(1 << i for i, m in enumerate(self.moves) if m == "D")
        return (INITIAL, float(len(self.moves)), float(bits))

    def automaton(self, game: Game) -> Automaton | None:
        a = self.inner.automaton(game)
        if a is None:
            return None
        k = len(self.moves)
        probs = np.asarray(a.probs)
        nxt = np.asarray(a.next).reshape(-1, 4)
        n = len(probs)
        if (k + 1) * n > 4096:
            return None
        # state (phase, inner state): phase t < k plays moves[t]; phase k plays the inner
        big_p = np.concatenate([np.full(n, 1.0 if m == "C" else 0.0) for m in self.moves]
                               + [probs])
        big_n = np.concatenate([min(t + 1, k) * n + nxt for t in range(k + 1)])
        return Automaton(big_p, big_n.ravel(), int(a.start))

    def memory_one(self, game: Game) -> tuple[float, float, float, float, float] | None:
        v = self.inner.memory_one(game)
        if v is None or len(self.moves) != 1:
            return None
        return (1.0 if self.moves == "C" else 0.0, *v[1:])  # type: ignore[return-value]

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        t = self.inner.traits
        return Traits(memory_depth=max(t.memory_depth, len(self.moves)),
                      stochastic=t.stochastic,
                      nice=False if "D" in self.moves else t.nice)


class Final(Transformer, register=False):
    slug = "final"
    label = "Final"
    rule = ("Plays the inner strategy but defects on the last n turns when the match length is "
            "known (a fixed number of turns); with a random end it never knows when to.")
    citation = "Axelrod-Python's FinalTransformer (Knight et al. 2016)"
    params = (*Transformer.params, Param("n", "int", 1, "turns at the end to defect", low=0,
                                         high=1_000_000))
    n: int

    def transform(self, p: float, view: View) -> float:
        if view.length is not None and view.turn >= view.length - self.n:
            return 0.0
        return p

    def _op(self) -> tuple[int, float, float]:
        return (FINAL, float(self.n), 0.0)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        t = self.inner.traits
        return Traits(memory_depth=_base.INF, stochastic=t.stochastic,
                      nice=t.nice if self.n == 0 else False)


TRANSFORMERS = {c.slug: c for c in (Dual, Noisy, Forgiving, Initial, Final)}
