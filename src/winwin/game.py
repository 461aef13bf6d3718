"""Two-player, two-action games: payoffs, validation, classification and presets.

Actions are ``C = 0`` and ``D = 1``. A player's payoffs are kept from its own point of view as the
vector ``(CC, CD, DC, DD)`` = (win-win, lose-win, win-lose, lose-lose) = ``(R, S, T, P)``, where the
first letter is the player's own move. A symmetric game gives both players the same vector; an
asymmetric game (an unbalanced relationship) gives each its own.

>>> g = parse_game("pd")
>>> g.R, g.S, g.T, g.P
(3.0, 0.0, 5.0, 1.0)
>>> g.family
'prisoners-dilemma'
>>> parse_game("donation(b=3,c=1)").payoffs
(2.0, -1.0, 3.0, 0.0)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from winwin import spec as spec_language
from winwin._errors import ParameterError, WinwinError, check_float
from winwin.outcomes import ENGINE_ORDER

__all__ = [
    "C",
    "D",
    "FAMILIES",
    "Game",
    "GameWarning",
    "ORDINAL_FAMILIES",
    "OUTCOME_NAMES",
    "OrdinalFamily",
    "PRESETS",
    "ordinal_family",
    "parse_game",
]

class Move(int):
    """An action: ``C`` (0, cooperate) or ``D`` (1, defect). An int, so it indexes and counts
    like one; its own type lets ``decide`` tell ``D`` from a bare ``1``, which is refused as
    ambiguous (is 1 "yes, cooperate" or the engine's D?)."""

    def __repr__(self) -> str:
        return "CD"[int(self)]

    __str__ = __repr__


C = Move(0)
D = Move(1)

#: Outcome names in the order of the payoff vector, from the player's own point of view.
OUTCOME_NAMES = ENGINE_ORDER


class GameWarning(UserWarning):
    """A game's payoffs break the Prisoner's Dilemma conditions though nobody asked for a PD."""


#: Largest payoff magnitude: totals over the longest matches stay exact enough and finite.
MAX_PAYOFF = 1e9

#: Families of symmetric 2x2 games with strict payoff orderings, and what decides them.
FAMILIES: dict[str, str] = {
    "prisoners-dilemma": "T > R > P > S: defection dominates, yet mutual cooperation beats mutual "
    "defection",
    "deadlock": "defection dominates (T > R, P > S) and mutual defection is the best symmetric "
    "outcome (P > R): no dilemma",
    "harmony": "cooperation dominates (R > T, S > P): no dilemma",
    "stag-hunt": "R > T and P > S with R > P: a coordination game whose cooperative equilibrium "
    "pays best but is risky",
    "coordination": "R > T and P > S with P > R: a coordination game whose defective "
    "equilibrium pays best",
    "chicken": "T > R > S > P (also called Snowdrift or Hawk-Dove): anti-coordination, each "
    "prefers to defect against a cooperator but to cooperate against a defector",
    "battle-of-the-sexes": "T > R, S > P and S > R (Leader when T > S, Hero when S > T): "
    "anti-coordination where both unequal outcomes beat mutual cooperation",
    "degenerate": "two payoffs are equal, so the ordinal family is not defined",
}


@dataclass(frozen=True)
class Game:
    """A 2x2 game. Build one with :meth:`symmetric`, :meth:`asymmetric` or :func:`parse_game`.

    ``payoffs_1`` and ``payoffs_2`` are each player's (CC, CD, DC, DD) payoffs, own move first.
    """

    payoffs_1: tuple[float, float, float, float]
    payoffs_2: tuple[float, float, float, float]
    name: str = field(default="custom", compare=False)

    def __post_init__(self) -> None:
        for label, vec in (("payoffs_1", self.payoffs_1), ("payoffs_2", self.payoffs_2)):
            if len(vec) != 4:
                raise ParameterError(label, vec, "four payoffs (CC, CD, DC, DD)")
            for i, x in enumerate(vec):
                check_float(f"{label}[{i}]", x, low=-MAX_PAYOFF, high=MAX_PAYOFF)
        object.__setattr__(self, "payoffs_1", tuple(float(x) for x in self.payoffs_1))
        object.__setattr__(self, "payoffs_2", tuple(float(x) for x in self.payoffs_2))

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def symmetric(
        cls, R: float, S: float, T: float, P: float, *, name: str | None = None
    ) -> Game:
        """A symmetric game from reward R, sucker S, temptation T and punishment P."""
        vals = []
        for label, x in (("R", R), ("S", S), ("T", T), ("P", P)):
            vals.append(check_float(label, x, low=-MAX_PAYOFF, high=MAX_PAYOFF))
        vec = (vals[0], vals[1], vals[2], vals[3])
        return cls(vec, vec, name=name or ",".join(_num(x) for x in vec))

    @classmethod
    def asymmetric(
        cls, row: Sequence[Sequence[float]], column: Sequence[Sequence[float]], *, name: str | None = None
    ) -> Game:
        """A game from two bimatrix payoff tables, as in Nashpy.

        ``row[a][b]`` is player 1's payoff and ``column[a][b]`` player 2's when player 1 plays
        ``a`` and player 2 plays ``b`` (0 = C, 1 = D).
        """
        r = _matrix("row", row)
        c = _matrix("column", column)
        p1 = (r[0][0], r[0][1], r[1][0], r[1][1])
        p2 = (c[0][0], c[1][0], c[0][1], c[1][1])  # player 2's own move first
        label = name or f"{','.join(_num(x) for x in p1)}/{','.join(_num(x) for x in p2)}"
        return cls(p1, p2, name=label)

    # -- views ----------------------------------------------------------------------------------
    @property
    def is_symmetric(self) -> bool:
        return self.payoffs_1 == self.payoffs_2

    @property
    def payoffs(self) -> tuple[float, float, float, float]:
        """(R, S, T, P) of a symmetric game."""
        self._require_symmetric("payoffs")
        return self.payoffs_1

    @property
    def R(self) -> float:
        return self.payoffs[0]

    @property
    def S(self) -> float:
        return self.payoffs[1]

    @property
    def T(self) -> float:
        return self.payoffs[2]

    @property
    def P(self) -> float:
        return self.payoffs[3]

    def bimatrix(self) -> tuple[list[list[float]], list[list[float]]]:
        """The two payoff tables indexed [player 1's move][player 2's move]."""
        a, b = self.payoffs_1, self.payoffs_2
        return [[a[0], a[1]], [a[2], a[3]]], [[b[0], b[2]], [b[1], b[3]]]

    def spec(self) -> str:
        """A string that :func:`parse_game` turns back into this game."""
        if self.is_symmetric:
            return ",".join(_num(x) for x in self.payoffs_1)
        return ",".join(_num(x) for x in self.payoffs_1) + "/" + ",".join(
            _num(x) for x in self.payoffs_2
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "spec": self.spec()}
        if self.is_symmetric:
            d.update(zip("RSTP", self.payoffs_1, strict=True))
            d["family"] = self.family
        else:
            d["payoffs_1"] = list(self.payoffs_1)
            d["payoffs_2"] = list(self.payoffs_2)
        return d

    # -- classification -------------------------------------------------------------------------
    def pd_problems(self) -> list[str]:
        """Why this game is not an iterated Prisoner's Dilemma (empty when it is one)."""
        problems = []
        for who, (R, S, T, P) in (("", self.payoffs_1), ("player 2: ", self.payoffs_2)):
            if not (T > R > P > S):
                problems.append(f"{who}T > R > P > S fails (R={_num(R)}, S={_num(S)}, "
                                f"T={_num(T)}, P={_num(P)})")
            elif not (2 * R > T + S):
                problems.append(f"{who}2R > T + S fails ({_num(2 * R)} <= {_num(T + S)}): "
                                "taking turns exploiting each other beats mutual cooperation")
            if self.is_symmetric:
                break
        return problems

    @property
    def is_prisoners_dilemma(self) -> bool:
        """T > R > P > S and 2R > T + S (for each player in an asymmetric game)."""
        return not self.pd_problems()

    @property
    def family(self) -> str:
        """The ordinal family of a symmetric game; see :data:`FAMILIES`."""
        self._require_symmetric("family")
        return classify(*self.payoffs_1)

    @property
    def ordinal_families(self) -> tuple[OrdinalFamily, OrdinalFamily]:
        """Each player's :class:`OrdinalFamily` (an asymmetric game is the pair, as in Bruns
        2015); every payoff of a player must differ."""
        return ordinal_family(*self.payoffs_1), ordinal_family(*self.payoffs_2)

    def check_prisoners_dilemma(self, *, strict: bool) -> None:
        """Raise (``strict``) or warn when this game is not an iterated Prisoner's Dilemma."""
        problems = self.pd_problems()
        if not problems:
            return
        kind = f" (it is a {self.family} game)" if self.is_symmetric else ""
        msg = f"game {self.name!r} is not a Prisoner's Dilemma{kind}: {'; '.join(problems)}"
        if strict:
            raise ParameterError("game", self.name, "a Prisoner's Dilemma: " + "; ".join(problems))
        warnings.warn(msg, GameWarning, stacklevel=3)

    def _require_symmetric(self, what: str) -> None:
        if not self.is_symmetric:
            raise WinwinError(f"{what} is defined for symmetric games only; {self.name!r} is "
                              "asymmetric (use payoffs_1 and payoffs_2)")


def classify(R: float, S: float, T: float, P: float) -> str:
    """The ordinal family of the symmetric game (R, S, T, P); see :data:`FAMILIES`.

    Families follow Rapoport & Guyer (1966) and Robinson & Goforth (2005), named by the
    dominance structure: greed (T > R) and fear (P > S).
    """
    if len({R, S, T, P}) < 4:
        return "degenerate"
    greed, fear = T > R, P > S
    if greed and fear:
        return "prisoners-dilemma" if R > P else "deadlock"
    if not greed and not fear:
        return "harmony"
    if fear:  # R > T and P > S: two pure equilibria, CC and DD
        return "stag-hunt" if R > P else "coordination"
    # T > R and S > P: anti-coordination
    return "chicken" if R > S else "battle-of-the-sexes"


# -- the full ordinal topology --------------------------------------------------------------------

#: The twelve families of strict ordinal 2x2 games seen from one player (Rapoport & Guyer 1966;
#: Robinson & Goforth 2005), each in its textbook labelling: the order of R, S, T, P, best
#: first. Swapping the meaning of C and D (R <-> P, S <-> T) gives the other twelve orderings,
#: the same family "reversed". Prisoner's Dilemma, Deadlock, Harmony, Stag Hunt, Chicken,
#: Leader and Hero are the archetypes' usual names; concord, peace, compromise, coordination
#: and safe coordination name the other classes here by what they are.
ORDINAL_FAMILIES: dict[str, tuple[str, str, str]] = {
    # slug: (canonical order best first, display name, kind)
    "prisoners-dilemma": ("TRPS", "Prisoner's Dilemma", "dominant"),
    "deadlock": ("TPRS", "Deadlock", "dominant"),
    "compromise": ("TPSR", "Compromise", "dominant"),
    "harmony": ("RTSP", "Harmony", "dominant"),
    "concord": ("RSTP", "Concord", "dominant"),
    "peace": ("RSPT", "Peace", "dominant"),
    "stag-hunt": ("RTPS", "Stag Hunt", "coordination"),
    "coordination": ("RPTS", "Coordination", "coordination"),
    "safe-coordination": ("RPST", "Safe Coordination", "coordination"),
    "chicken": ("TRSP", "Chicken", "anti-coordination"),
    "leader": ("TSRP", "Leader", "anti-coordination"),
    "hero": ("TSPR", "Hero", "anti-coordination"),
}
_MIRROR_LETTER = {"R": "P", "P": "R", "S": "T", "T": "S"}


@dataclass(frozen=True)
class OrdinalFamily:
    """Where one player's strict ranking of the four outcomes sits in the 2x2 topology.

    ``order``: R, S, T, P best first (``"TRPS"`` for the Prisoner's Dilemma); ``reversed``: the
    ordering is the family's textbook one with C and D swapped; ``kind``: dominant (one move is
    best whatever the other does), coordination or anti-coordination; ``dominant``: ``"C"``,
    ``"D"`` or ``None``; ``dilemma``: a social dilemma (R > P, R > S, T > S and greed T > R or
    fear P > S).
    """

    slug: str
    name: str
    order: str
    reversed: bool
    kind: str
    dominant: str | None
    dilemma: bool
    greed: bool
    fear: bool

    def to_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "order": self.order,
                "reversed": self.reversed, "kind": self.kind, "dominant": self.dominant,
                "dilemma": self.dilemma, "greed": self.greed, "fear": self.fear}


def _build_orders() -> dict[str, tuple[str, bool]]:
    table: dict[str, tuple[str, bool]] = {}
    for slug, (order, _, _) in ORDINAL_FAMILIES.items():
        table[order] = (slug, False)
        table["".join(_MIRROR_LETTER[c] for c in order)] = (slug, True)
    return table


_ORDERS = _build_orders()


def ordinal_family(R: float, S: float, T: float, P: float) -> OrdinalFamily:
    """The ordinal family of one player's payoffs ``(R, S, T, P)`` (all four must differ).

    >>> f = ordinal_family(3, 0, 5, 1)
    >>> f.name, f.order, f.dominant, f.dilemma
    ("Prisoner's Dilemma", 'TRPS', 'D', True)
    >>> ordinal_family(1, 5, 0, 3).name, ordinal_family(1, 5, 0, 3).reversed  # C and D swapped
    ("Prisoner's Dilemma", True)
    """
    vals = {"R": check_float("R", R), "S": check_float("S", S), "T": check_float("T", T),
            "P": check_float("P", P)}
    if len(set(vals.values())) < 4:
        raise ParameterError("payoffs", (R, S, T, P), "four different payoffs (a strict "
                             "ranking of the outcomes)")
    order = "".join(sorted(vals, key=lambda k: -vals[k]))
    slug, rev = _ORDERS[order]
    _, name, kind = ORDINAL_FAMILIES[slug]
    r, s, t, p = vals["R"], vals["S"], vals["T"], vals["P"]
    greed, fear = t > r, p > s
    dominant = "D" if greed and fear else "C" if not greed and not fear else None
    dilemma = r > p and r > s and t > s and (greed or fear)
    return OrdinalFamily(slug, name, order, rev, kind, dominant, dilemma, greed, fear)


def _matrix(label: str, m: Sequence[Sequence[float]]) -> list[list[float]]:
    try:
        rows = [list(r) for r in m]
    except TypeError:
        raise ParameterError(label, m, "a 2x2 table of numbers") from None
    if len(rows) != 2 or any(len(r) != 2 for r in rows):
        raise ParameterError(label, m, "a 2x2 table of numbers")
    return [[check_float(f"{label}[{i}][{j}]", rows[i][j]) for j in range(2)] for i in range(2)]


def _num(x: float) -> str:
    return f"{x:g}"


# -- presets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Preset:
    params: dict[str, float]
    build: Any
    description: str
    is_pd: bool


def _rstp(R: float, S: float, T: float, P: float) -> tuple[float, float, float, float]:
    return (R, S, T, P)


PRESETS: dict[str, _Preset] = {
    "pd": _Preset({"R": 3, "S": 0, "T": 5, "P": 1}, _rstp,
                  "the standard Prisoner's Dilemma of Axelrod's tournaments", True),
    "trust": _Preset({"R": 2, "S": -1, "T": 3, "P": 0}, _rstp,
                     "the payoffs of 'The Evolution of Trust' (put in 1 coin, other gets 3)", True),
    "donation": _Preset({"b": 3, "c": 1}, lambda b, c: (b - c, -c, b, 0.0),
                        "the donation game: paying c gives the other b (R=b-c, S=-c, T=b, P=0)",
                        True),
    "stag-hunt": _Preset({"R": 4, "S": 1, "T": 3, "P": 2}, _rstp,
                         "the Stag Hunt: R > T > P > S", False),
    "chicken": _Preset({"R": 3, "S": 1, "T": 5, "P": 0}, _rstp,
                       "Chicken / Snowdrift: T > R > S > P", False),
}



def parse_game(spec: str | Game | None = None) -> Game:
    """A game from a preset name, a preset with parameters or numbers.

    Accepted: ``"pd"``, ``"donation(b=4,c=1)"``, ``"pd(T=6)"``, ``"3,0,5,1"`` (R,S,T,P) and
    ``"3,0,5,1/2,0,3,1"`` (an asymmetric game: player 1's then player 2's R,S,T,P).
    A changed ``pd``, ``trust`` or ``donation`` preset must stay a Prisoner's Dilemma (error);
    raw numbers that are not one give a :class:`GameWarning`.
    """
    if spec is None:
        spec = "pd"
    if isinstance(spec, Game):
        return spec
    if not isinstance(spec, str) or not spec.strip():
        raise ParameterError("game", spec, _GAME_ALLOWED)
    if spec in _PARSED:
        return _PARSED[spec]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        game = _parse_text(spec)
    for w in caught:  # raised again for the caller (and not cached: warn every time)
        warnings.warn(w.message, w.category, stacklevel=2)
    if not caught and len(_PARSED) < 1024:
        _PARSED[spec] = game
    return game


_PARSED: dict[str, Game] = {}


def _parse_text(spec: str) -> Game:
    parsed = spec_language.parse_game(spec)
    if isinstance(parsed, tuple):
        return _from_numbers(spec.strip(), parsed)
    name = parsed.name.lower()
    if name not in PRESETS:
        raise ParameterError("game", spec, _GAME_ALLOWED)
    preset = PRESETS[name]
    params = dict(preset.params)
    for key, val in parsed.args:
        if key not in params:
            raise ParameterError(f"game {name}", f"{key}={spec_language.format_value(val)}",
                                 f"parameters {', '.join(params)} as name=value")
        params[key] = float(val)
    for key, val in params.items():
        check_float(f"game {name}.{key}", val, low=-MAX_PAYOFF, high=MAX_PAYOFF)
    R, S, T, P = (float(x) for x in preset.build(**params))
    if not all(-MAX_PAYOFF <= x <= MAX_PAYOFF for x in (R, S, T, P)):
        raise ParameterError("game", spec, f"payoffs from {-MAX_PAYOFF:g} to {MAX_PAYOFF:g}")
    changed = params != preset.params
    label = name if not changed else f"{name}({','.join(f'{k}={_num(v)}' for k, v in params.items())})"
    game = Game((R, S, T, P), (R, S, T, P), name=label)
    if preset.is_pd:
        game.check_prisoners_dilemma(strict=True)
    return game


_GAME_ALLOWED = (f"a preset ({', '.join(PRESETS)}), a preset with parameters such as "
                 "'donation(b=4,c=1)', 'R,S,T,P' numbers, or 'R,S,T,P/R,S,T,P' for an "
                 "asymmetric game")


def _from_numbers(text: str, vecs: tuple[tuple[float, ...], ...]) -> Game:
    for vec in vecs:
        for x in vec:
            if not -MAX_PAYOFF <= x <= MAX_PAYOFF:  # also NaN
                raise ParameterError("game", text, f"payoffs from {-MAX_PAYOFF:g} to "
                                     f"{MAX_PAYOFF:g} ({x:g} is not)")
    first = (vecs[0][0], vecs[0][1], vecs[0][2], vecs[0][3])
    second = first if len(vecs) == 1 else (vecs[1][0], vecs[1][1], vecs[1][2], vecs[1][3])
    game = Game(first, second, name=text.replace(" ", ""))
    game.check_prisoners_dilemma(strict=False)
    return game
