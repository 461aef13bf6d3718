"""Zero-determinant strategies (Press & Dyson 2012; Stewart & Plotkin 2012): memory-one vectors
that enforce a linear relation between the two players' scores: extortion, generosity and
equalizers.
"""

from __future__ import annotations

from winwin._errors import ParameterError
from winwin.game import Game
from winwin.strategies._base import Param
from winwin.strategies.memory_one import _PD, MemoryOneVector, _MemoryOneBase

__all__ = ["Equalizer", "Extort2", "ZDEqualizer", "ZDExtortion", "ZDGenerous", "ZDGenerous2"]


class Extort2(_MemoryOneBase):
    slug = "extort-2"
    name = "Extort-2"
    rule = ("A zero-determinant extortioner: memory-one (8/9, 1/2, 1/3, 0), cooperating first. "
            "In the standard game it enforces s_X - P = 2 (s_Y - P) against any opponent.")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 8 / 9, 1 / 2, 1 / 3, 0.0)


class ZDGenerous2(_MemoryOneBase):
    slug = "zd-gtft-2"
    name = "ZD-GTFT-2"
    rule = ("A generous zero-determinant strategy: memory-one (1, 1/8, 1, 1/4), cooperating "
            "first. In the standard game it enforces s_X - R = 2 (s_Y - R).")
    citation = "Stewart & Plotkin (2012), PNAS 109:10134-10135"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1.0, 1 / 8, 1.0, 1 / 4)


class Equalizer(_MemoryOneBase):
    slug = "equalizer"
    name = "Equalizer"
    rule = ("A zero-determinant equalizer: memory-one (2/3, 0, 2/3, 1/3), cooperating first. In "
            "the standard game it fixes the opponent's long-run score at 2 whatever it does.")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 2 / 3, 0.0, 2 / 3, 1 / 3)


# -- zero-determinant families -------------------------------------------------------------------


class _ZeroDeterminant(_MemoryOneBase, register=False):
    """p = (1, 1, 0, 0) + phi * direction(game), with phi limited to keep probabilities."""

    chi: float
    phi: float | None

    def direction(self, game: Game) -> tuple[float, float, float, float]:
        raise NotImplementedError

    def default_phi(self, phi_max: float) -> float:
        raise NotImplementedError

    def _check(self) -> None:
        self.vector(_PD)

    def vector(self, game: Game) -> MemoryOneVector:
        a = self.direction(game)
        base = (1.0, 1.0, 0.0, 0.0)
        phi_max = _valid_phi(base, a)
        phi = self.default_phi(phi_max) if self.phi is None else self.phi
        if not 0 < phi <= phi_max * (1 + 1e-12):
            raise ParameterError(f"{self.slug}.phi", self.phi,
                                 f"a number with 0 < phi <= {phi_max:.6g} for chi={self.chi:g}")
        p = [min(1.0, max(0.0, b + phi * x)) for b, x in zip(base, a, strict=True)]
        return (1.0, p[0], p[1], p[2], p[3])


class ZDExtortion(_ZeroDeterminant):
    slug = "zd-extortion"
    name = "ZD Extortion"
    rule = ("An extortionate zero-determinant strategy with factor chi: it enforces "
            "s_X - P = chi (s_Y - P) against any opponent. Memory-one "
            "(1 - phi (chi-1)(R-P), 1 + phi ((S-P) - chi (T-P)), phi ((T-P) - chi (S-P)), 0); "
            "phi defaults to half its largest valid value (chi = 2 gives Extort-2).")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"
    params = (Param("chi", "float", 2.0, "extortion factor (>= 1)", low=1.0, high=1e6),
              Param("phi", "float", None, "scale (0 < phi <= its maximum; default half of it)",
                    low=0.0, high=1e6))

    def direction(self, game: Game) -> tuple[float, float, float, float]:
        # (S_X - P) - chi (S_Y - P) with S_X = (R, S, T, P), S_Y = (R, T, S, P)
        R, S, T, P = game.payoffs_1
        chi = self.chi
        return ((R - P) - chi * (R - P), (S - P) - chi * (T - P), (T - P) - chi * (S - P), 0.0)

    def default_phi(self, phi_max: float) -> float:
        return phi_max / 2


class ZDGenerous(_ZeroDeterminant):
    slug = "zd-generous"
    name = "ZD Generous"
    rule = ("A generous zero-determinant strategy with factor chi: it enforces "
            "s_X - R = chi (s_Y - R), never gaining from an opponent's loss. Memory-one "
            "(1, 1 + phi ((S-R) - chi (T-R)), phi ((T-R) - chi (S-R)), phi (chi-1)(R-P)); "
            "phi defaults to its largest valid value (chi = 2 gives ZD-GTFT-2).")
    citation = "Stewart & Plotkin (2013), PNAS 110:15348-15353"
    params = (Param("chi", "float", 2.0, "generosity factor (>= 1)", low=1.0, high=1e6),
              Param("phi", "float", None, "scale (0 < phi <= its maximum; default the maximum)",
                    low=0.0, high=1e6))

    def direction(self, game: Game) -> tuple[float, float, float, float]:
        R, S, T, P = game.payoffs_1
        chi = self.chi
        return (0.0, (S - R) - chi * (T - R), (T - R) - chi * (S - R), (P - R) - chi * (P - R))

    def default_phi(self, phi_max: float) -> float:
        return phi_max


def _valid_phi(base: tuple[float, ...], a: tuple[float, ...]) -> float:
    """The largest phi > 0 with every base_i + phi * a_i in [0, 1] (0 if there is none)."""
    bound = float("inf")
    for b, x in zip(base, a, strict=True):
        if x > 0:
            bound = min(bound, (1.0 - b) / x)
        elif x < 0:
            bound = min(bound, b / -x)
    return bound


class ZDEqualizer(_MemoryOneBase):
    slug = "zd-equalizer"
    name = "ZD Equalizer"
    rule = ("A zero-determinant equalizer: it sets the opponent's long-run score whatever the "
            "opponent does. Given its cooperation after CC (p_cc) and after DD (p_dd), "
            "p_CD = (p_cc (T-P) - (1+p_dd)(T-R)) / (R-P) and "
            "p_DC = ((1-p_cc)(P-S) + p_dd (R-S)) / (R-P); the opponent's score is "
            "((1-p_cc) P + p_dd R) / ((1-p_cc) + p_dd).")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"
    params = (Param("p_cc", "prob", 2 / 3, "cooperation after mutual cooperation"),
              Param("p_dd", "prob", 1 / 3, "cooperation after mutual defection"))
    p_cc: float
    p_dd: float

    def _check(self) -> None:
        self.vector(_PD)

    def vector(self, game: Game) -> MemoryOneVector:
        R, S, T, P = game.payoffs_1
        cd = (self.p_cc * (T - P) - (1 + self.p_dd) * (T - R)) / (R - P)
        dc = ((1 - self.p_cc) * (P - S) + self.p_dd * (R - S)) / (R - P)
        eps = 1e-12
        if not (-eps <= cd <= 1 + eps and -eps <= dc <= 1 + eps):
            raise ParameterError(f"{self.slug}.p_cc", self.p_cc,
                                 f"values (with p_dd={self.p_dd:g}) that make p_CD={cd:.4g} and "
                                 f"p_DC={dc:.4g} probabilities in this game")
        return (1.0, self.p_cc, min(1.0, max(0.0, cd)), min(1.0, max(0.0, dc)), self.p_dd)
