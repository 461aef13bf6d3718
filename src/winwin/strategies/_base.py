"""The strategy model: parameters, traits, the read-only history view and the compiled forms
(registration goes to :mod:`winwin.strategies._registry`)."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import numpy as np

from winwin._errors import ParameterError, WinwinError
from winwin.game import C, D, Game
from winwin.strategies._registry import REGISTRY

__all__ = ["Automaton", "CompiledSpec", "Mixed", "Param", "Strategy", "Traits", "View", "mixed"]

INF = math.inf
MAX_SPEC_LENGTH = 4000


@dataclass(frozen=True)
class Mixed:
    """A decision to cooperate with probability ``p`` (returned by ``decide``)."""

    p: float


def mixed(p: float) -> Mixed:
    """Cooperate with probability ``p``: what a stochastic ``decide`` returns."""
    return Mixed(float(p))


@dataclass(frozen=True)
class Traits:
    """What a strategy declares about itself; the conformance tests check each claim.

    ``memory_depth``: how many past turns the decision depends on (``math.inf`` when unbounded;
    counting from the start of the match, as Grudger does, is unbounded).
    ``nice``: never the first to defect (without noise). ``None`` where it depends on parameters
    in a way that is not decided.
    ``forgiving``: returns to cooperation after the opponent, having defected, cooperates again.
    ``retaliating``: answers a defection with a defection.
    """

    memory_depth: float = INF
    stochastic: bool = False
    nice: bool | None = None
    forgiving: bool | None = None
    retaliating: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        if d["memory_depth"] == INF:
            d["memory_depth"] = "inf"
        else:
            d["memory_depth"] = int(d["memory_depth"])
        return d


@dataclass(frozen=True)
class Param:
    """A declared strategy parameter with its kind, default and allowed range."""

    name: str
    kind: str  # "prob", "float", "int", "moves", "probs"
    default: Any
    doc: str = ""
    low: float | None = None
    high: float | None = None
    length: int | None = None  # for "probs": exact length

    def validate(self, owner: str, value: Any) -> Any:
        field = f"{owner}.{self.name}"
        if value is None and self.default is None:
            return None
        if self.kind in ("prob", "float"):
            lo = 0.0 if self.kind == "prob" else self.low
            hi = 1.0 if self.kind == "prob" else self.high
            from winwin._errors import check_float

            return check_float(field, value, low=lo, high=hi)
        if self.kind == "int":
            from winwin._errors import check_int

            return check_int(field, value, low=None if self.low is None else int(self.low),
                             high=None if self.high is None else int(self.high))
        if self.kind == "strategy":
            if isinstance(value, Strategy):
                return value.clone()
            if isinstance(value, str) and REGISTRY.resolve is not None:
                return REGISTRY.resolve(value)
            raise ParameterError(field, value, "a strategy (name or object)")
        if self.kind == "moves_or_empty" and value in ("", None, [], ()):
            return ""
        if self.kind == "fsm":
            return _validate_fsm_rows(field, value)
        if self.kind in ("moves", "moves_or_empty"):
            text = value if isinstance(value, str) else "".join(str(v) for v in value) \
                if isinstance(value, (list, tuple)) else None
            if not text or not re.fullmatch(r"[CDcd]+", text) or len(text) > 1000:
                raise ParameterError(field, value, "a string of 1 to 1000 moves C and D, e.g. 'CCD'")
            return text.upper()
        if self.kind == "probs":
            if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
                raise ParameterError(field, value, f"a list of {self.length} probabilities")
            vals = list(value)
            if self.length is not None and len(vals) != self.length:
                raise ParameterError(field, value, f"a list of {self.length} probabilities in [0, 1]")
            from winwin._errors import check_probability

            return tuple(check_probability(f"{field}[{i}]", v) for i, v in enumerate(vals))
        raise AssertionError(self.kind)  # pragma: no cover - declarations are ours


def _validate_fsm_rows(field: str, value: Any) -> tuple[tuple[int, str, int, str], ...]:
    allowed = ("rows (state, opponent move, next state, move), e.g. "
               "[[0,'C',0,'C'],[0,'D',0,'D']], at most 2048 rows")
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)) \
            or not 0 < len(value) <= 2048:
        raise ParameterError(field, value, allowed)
    rows = []
    for row in value:
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or len(row) != 4:
            raise ParameterError(field, row, allowed)
        s, m, n, a = row
        ok = (isinstance(s, int) and isinstance(n, int) and not isinstance(s, bool)
              and not isinstance(n, bool) and 0 <= s < 1024 and 0 <= n < 1024
              and m in ("C", "D") and a in ("C", "D"))
        if not ok:
            raise ParameterError(field, list(row), allowed)
        rows.append((s, m, n, a))
    if len({(r[0], r[1]) for r in rows}) != len(rows):
        raise ParameterError(field, value, "one row per (state, opponent move)")
    return tuple(rows)


@dataclass(frozen=True)
class CompiledSpec:
    """How the compiled engine runs a strategy: a kernel family id plus its data, and the
    transforms (code, a, b) applied to its probability, innermost first; ``flip``: it sees its
    own moves flipped (an odd number of ``dual`` transforms)."""

    kind: int
    ints: tuple[int, ...] = ()
    floats: tuple[float, ...] = ()
    ops: tuple[tuple[int, float, float], ...] = ()
    flip: bool = False


@dataclass(frozen=True, eq=False)
class Automaton:
    """A table strategy as a Moore machine, for the compiled engine's fastest kernel.

    ``probs[s]``: probability to cooperate in state ``s``; ``next[4 * s + o]``: the state after
    a turn whose outcome from this player's side is ``o = 2 * own + opponent`` (0 = C, 1 = D);
    the machine starts in ``start``. Arrays are read-only.
    """

    probs: np.ndarray | Sequence[float]
    next: np.ndarray | Sequence[int]
    start: int = 0

    def __post_init__(self) -> None:
        probs = np.array(self.probs, np.float64)
        nxt = np.array(self.next, np.int64)
        n = len(probs)
        if nxt.shape != (4 * n,) or (n and (nxt.min() < 0 or nxt.max() >= n)) \
                or not 0 <= self.start < n:
            raise WinwinError("malformed automaton")  # pragma: no cover - built by us
        probs.flags.writeable = False
        nxt.flags.writeable = False
        object.__setattr__(self, "probs", probs)
        object.__setattr__(self, "next", nxt)


MAX_AUTOMATON_STATES = 4096


class View:
    """A read-only view of a match so far, from one player's side.

    ``turn`` is the number of turns already played (0 on the first move); ``own`` and
    ``opponent`` are read-only arrays of the moves played so far (0 = C, 1 = D, after noise);
    ``length`` is the match length when it is fixed and known, else ``None``.
    """

    __slots__ = ("_own", "_opp", "turn", "game", "length", "_own_d", "_opp_d")

    def __init__(self, own: np.ndarray, opp: np.ndarray, game: Game, length: int | None) -> None:
        self._own = own
        self._opp = opp
        self.game = game
        self.length = length
        self.turn = 0
        self._own_d = 0
        self._opp_d = 0

    @property
    def own(self) -> np.ndarray:
        v = self._own[: self.turn]
        v.flags.writeable = False
        return v

    @property
    def opponent(self) -> np.ndarray:
        v = self._opp[: self.turn]
        v.flags.writeable = False
        return v

    @property
    def own_defections(self) -> int:
        return self._own_d

    @property
    def opponent_defections(self) -> int:
        return self._opp_d

    @property
    def opponent_cooperations(self) -> int:
        return self.turn - self._opp_d

    def last(self, k: int = 1) -> np.ndarray:
        """The opponent's last ``k`` moves, most recent last (fewer at the start)."""
        return self.opponent[max(0, self.turn - k):]


class Strategy:
    """Base class of every strategy.

    A subclass declares ``slug``, ``name``, ``rule`` (one paragraph), ``citation``, ``params``,
    ``traits`` and ``aliases`` as class attributes; defining it registers it. It implements
    ``decide(view)`` returning ``"C"``, ``"D"`` (or ``C``/``D``) or ``mixed(p)``. Strategies the
    compiled engine can run also return a :class:`CompiledSpec` from ``compiled(game)``.
    Instances hold their parameters unchanged (so ``repr``, cloning and pickling are free) and
    may keep per-match state that ``reset()`` clears.
    """

    slug: ClassVar[str] = ""
    name: ClassVar[str] = ""
    rule: ClassVar[str] = ""
    citation: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    params: ClassVar[tuple[Param, ...]] = ()
    traits: Traits = Traits()

    def __init_subclass__(cls, register: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if register and cls.slug:
            REGISTRY.add(cls)

    def __init__(self, **kwargs: Any) -> None:
        declared = {p.name: p for p in self.params}
        for key in kwargs:
            if key not in declared:
                allowed = ", ".join(declared) or "no parameters"
                raise ParameterError(f"{self.slug}.{key}", kwargs[key],
                                     f"{self.slug} takes {allowed}")
        for p in self.params:
            value = kwargs.get(p.name, p.default)
            setattr(self, p.name, p.validate(self.slug, value))
        self._check()
        self.reset()

    # -- overridable ----------------------------------------------------------------------------
    def _check(self) -> None:
        """Cross-parameter validation (raise ParameterError)."""

    def reset(self) -> None:
        """Clear per-match state."""

    def decide(self, view: View) -> Any:
        raise NotImplementedError

    def compiled(self, game: Game) -> CompiledSpec | None:
        """The compiled engine's representation, or ``None`` to run on the Python path."""
        return None

    def automaton(self, game: Game) -> Automaton | None:
        """This strategy as a finite :class:`Automaton`, or ``None`` (the default)."""
        return None


    def memory_one(self, game: Game) -> tuple[float, float, float, float, float] | None:
        """``(first, p_CC, p_CD, p_DC, p_DD)`` for memory-one strategies, else ``None``."""
        return None

    # -- derived --------------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        return {p.name: getattr(self, p.name) for p in self.params}

    @property
    def spec(self) -> str:
        """The canonical slug with the parameters that differ from their defaults."""
        cached = self.__dict__.get("_spec")
        if cached is None:
            cached = self.__dict__["_spec"] = self._make_spec()
        return cached

    def _make_spec(self) -> str:
        parts = []
        for p in self.params:
            value = getattr(self, p.name)
            if p.kind == "strategy":
                parts.append(value.spec)
                continue
            if value != p.default and not (p.kind == "probs" and p.default is not None
                                           and tuple(p.default) == value):
                parts.append(f"{p.name}={_format_value(value)}")
        return f"{self.slug}({','.join(parts)})" if parts else self.slug

    def clone(self) -> Strategy:
        """A fresh copy with the same (already validated) parameters and cleared state."""
        new = copy.copy(self)
        new.reset()
        return new

    def __repr__(self) -> str:
        return f"winwin.strategy({self.spec!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.get_params() == self.get_params()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.spec))

    def __getstate__(self) -> dict[str, Any]:
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            setattr(self, key, value)
        self._check()
        self.reset()

    def describe(self) -> dict[str, Any]:
        """Slug, display name, aliases, traits, rule, parameters and citation as plain data."""
        return {
            "slug": self.slug,
            "spec": self.spec,
            "name": self.name,
            "aliases": list(self.aliases),
            "traits": self.traits.to_dict(),
            "rule": self.rule,
            "parameters": {p.name: {"default": _plain(p.default),
                                    "value": _plain(getattr(self, p.name)), "doc": p.doc}
                           for p in self.params},
            "citation": self.citation,
        }


def _format_value(value: Any) -> str:
    if isinstance(value, Strategy):
        return value.spec
    if isinstance(value, tuple):
        return "[" + ",".join(_format_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}" if float(f"{value:g}") == value else repr(value)
    return str(value)


def _plain(value: Any) -> Any:
    return value.spec if isinstance(value, Strategy) else value


def as_move(value: Any) -> int:
    """``C``/``D`` from 'C', 'D', 0 or 1 (for scripted tests and user code)."""
    if value in ("C", "c", C) and not isinstance(value, bool):
        return C
    if value in ("D", "d", D) and not isinstance(value, bool):
        return D
    raise WinwinError(f"{value!r} is not a move: use 'C' or 'D'")


def automaton_spec(a: Automaton) -> CompiledSpec:
    """The general kernel's form of an automaton (kind AUTOMATON)."""
    from winwin.strategies import _kinds as K

    nxt = tuple(int(x) for x in np.asarray(a.next))
    return CompiledSpec(K.AUTOMATON, (len(a.probs), int(a.start), *nxt),
                        tuple(float(x) for x in np.asarray(a.probs)))
