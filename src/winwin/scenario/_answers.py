"""The answers to the scenario questions: who, which options, how each side ranks the outcomes,
how long, how many mistakes, and (optionally) the moves so far.

Every answer is checked here, once, before any work: a bad one raises
:class:`~winwin.ParameterError` whose ``field`` is the question (``"me.ranking"``,
``"rounds"``, ...), so the terminal questionnaire can ask it again, a TOML file can name it and
a web page can mark it.

Outcomes are named from the side's own point of view, own move first: ``CC`` (both take the
cooperative option), ``CD`` (I cooperate, they do not), ``DC`` (I do not, they do), ``DD``;
the project's words ``win-win``, ``lose-win``, ``win-lose`` and ``lose-lose`` name the same cells.

>>> a = answers_from_dict({"me": {"options": ["share", "keep"]}})
>>> a.me.payoffs, a.other.name, a.rounds, a.known_end
((3.0, 1.0, 4.0, 2.0), 'the other side', 20.0, False)
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from winwin._errors import ParameterError

__all__ = ["DEFAULTS", "MAX_PAST", "MAX_ROUNDS", "OUTCOMES", "Answers", "Side",
           "answers_from_dict", "example", "examples", "load"]

#: The four outcomes from a side's own point of view, in payoff order (R, S, T, P).
OUTCOMES = ("CC", "CD", "DC", "DD")
_WORDS = {"win-win": "CC", "lose-win": "CD", "win-lose": "DC", "lose-lose": "DD"}
#: The default ranking, best first: a Prisoner's Dilemma (temptation, reward, punishment, sucker).
DEFAULT_RANKING = ("DC", "CC", "DD", "CD")
MAX_ROUNDS = 1_000_000
MAX_PAST = 200
MAX_TEXT = 80

#: Every question's default (and an example in the questionnaire).
DEFAULTS: dict[str, Any] = {
    "me.name": "me",
    "me.options": ("cooperate", "hold back"),
    "other.name": "the other side",
    "rounds": 20.0,
    "known_end": False,
    "mistakes": 0.02,
}

_TOP_KEYS = {"title", "me", "other", "rounds", "known_end", "mistakes", "past"}
_SIDE_KEYS = {"name", "options", "cooperative", "ranking", "payoffs"}


@dataclass(frozen=True)
class Side:
    """One party: its name, its two options (cooperative first) and its payoffs (R, S, T, P)
    from its own point of view; ``ranked`` when they came from a ranking (4, 3, 2, 1 points)."""

    name: str
    cooperate: str
    defect: str
    payoffs: tuple[float, float, float, float]
    ranked: bool

    def option(self, move: str) -> str:
        return self.cooperate if move == "C" else self.defect

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "options": [self.cooperate, self.defect],
                             "cooperative": self.cooperate}
        if self.ranked:
            d["ranking"] = sorted(OUTCOMES, key=lambda o: -self.payoffs[OUTCOMES.index(o)])
        else:
            d["payoffs"] = dict(zip(OUTCOMES, self.payoffs, strict=True))
        return d


@dataclass(frozen=True)
class Answers:
    """All the answers, checked. ``rounds``: further interactions (known end) or their
    expected number (unknown end); ``mistakes``: the chance that a move is misread or made by
    mistake; ``past``: (my moves, their moves) so far, oldest first, as ``"C"``/``"D"``."""

    me: Side
    other: Side
    rounds: float
    known_end: bool
    mistakes: float
    past: tuple[str, str] | None = None
    title: str | None = None

    @property
    def symmetric(self) -> bool:
        return self.me.payoffs == self.other.payoffs

    @property
    def continuation(self) -> float:
        """The probability of another round: 1 - 1/rounds (the shadow of the future)."""
        return 1.0 - 1.0 / self.rounds

    @property
    def turns(self) -> int | None:
        """The match length for a known end (or a single round), else ``None``."""
        return int(self.rounds) if self.known_end or self.rounds == 1 else None

    @property
    def prob_end(self) -> float | None:
        """The chance that each round is the last, for an unknown end (else ``None``)."""
        return None if self.turns is not None else 1.0 / self.rounds

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"me": self.me.to_dict(), "other": self.other.to_dict(),
                             "rounds": self.rounds, "known_end": self.known_end,
                             "mistakes": self.mistakes}
        if self.past is not None:
            d["past"] = {"me": self.past[0], "other": self.past[1]}
        if self.title:
            d["title"] = self.title
        return d


# -- checking ----------------------------------------------------------------------------------


def _text(field: str, value: Any, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(field, value, "a short text that is not empty")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        raise ParameterError(field, value, f"at most {MAX_TEXT} characters")
    return value


def _options(field: str, value: Any) -> tuple[str, str]:
    if value is None:
        return DEFAULTS["me.options"]  # type: ignore[no-any-return]
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ParameterError(field, value, "two options in your own words, such as "
                             "['share the forecast', 'hold it back']")
    a, b = (_text(field, v) for v in value)
    if a.casefold() == b.casefold():
        raise ParameterError(field, value, "two different options (both read "
                             f"{a!r})")
    return a, b


def _cooperative(field: str, value: Any, options: tuple[str, str]) -> tuple[str, str]:
    """(cooperative, other) from the answer naming the cooperative option (text or 1/2)."""
    if value is None:
        return options
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2):
        k = value - 1
    elif isinstance(value, str) and value.strip() in ("1", "2"):
        k = int(value) - 1
    elif isinstance(value, str) and value.strip().casefold() in (o.casefold() for o in options):
        k = [o.casefold() for o in options].index(value.strip().casefold())
    else:
        raise ParameterError(field, value, f"one of the two options ({options[0]!r} or "
                             f"{options[1]!r}), or 1 or 2")
    return options[k], options[1 - k]


def _outcome(field: str, value: Any) -> str:
    if isinstance(value, str):
        v = value.strip()
        if v.upper() in OUTCOMES:
            return v.upper()
        if v.lower() in _WORDS:
            return _WORDS[v.lower()]
    raise ParameterError(field, value, "outcomes as CC, CD, DC, DD (own move first) or "
                         "win-win, lose-win, win-lose, lose-lose")


def _ranking(field: str, value: Any) -> tuple[float, float, float, float]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise ParameterError(field, value, "the four outcomes CC, CD, DC, DD, best first, "
                             "each once (no ties)")
    codes = [_outcome(field, v) for v in value]
    if len(set(codes)) != 4:
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise ParameterError(field, value, f"each outcome once, best first; {', '.join(twice)} "
                             "appears twice (a tie): put one of them above the other")
    points = {c: float(4 - k) for k, c in enumerate(codes)}
    return points["CC"], points["CD"], points["DC"], points["DD"]


def _payoffs(field: str, value: Any) -> tuple[float, float, float, float]:
    if not isinstance(value, Mapping):
        raise ParameterError(field, value, "a number for each outcome, such as {CC = 3, CD = 0, "
                             "DC = 5, DD = 1}")
    got: dict[str, float] = {}
    for key, x in value.items():
        code = _outcome(field, key)
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ParameterError(f"{field}.{code}", x, "a finite number")
        if code in got:
            raise ParameterError(field, dict(value), f"each outcome once ({code} is given twice)")
        if abs(x) > 1e9:
            raise ParameterError(f"{field}.{code}", x, "a number from -1e9 to 1e9")
        got[code] = float(x)
    missing = [c for c in OUTCOMES if c not in got]
    if missing:
        raise ParameterError(field, dict(value), f"a number for every outcome; "
                             f"{', '.join(missing)} is missing")
    vals = [got[c] for c in OUTCOMES]
    if len(set(vals)) < 4:
        tied = [c for c in OUTCOMES if vals.count(got[c]) > 1]
        raise ParameterError(field, dict(value), f"four different numbers; {' and '.join(tied)} "
                             "are tied, and the analysis needs a strict order")
    return got["CC"], got["CD"], got["DC"], got["DD"]


def _side(d: Any, who: str, default_name: str, mirror: Side | None) -> Side:
    if d is None:
        d = {}
    if not isinstance(d, Mapping):
        raise ParameterError(who, d, "a table of answers (name, options, cooperative, ranking "
                             "or payoffs)")
    unknown = sorted(set(d) - _SIDE_KEYS)
    if unknown:
        raise ParameterError(f"{who}.{unknown[0]}", d[unknown[0]],
                             f"one of the questions {', '.join(sorted(_SIDE_KEYS))}")
    name = _text(f"{who}.name", d.get("name"), default_name)
    if mirror is not None and d.get("options") is None:
        options = (mirror.cooperate, mirror.defect)
    else:
        options = _options(f"{who}.options", d.get("options"))
    coop, defect = _cooperative(f"{who}.cooperative", d.get("cooperative"), options)
    if d.get("ranking") is not None and d.get("payoffs") is not None:
        raise ParameterError(f"{who}.payoffs", d["payoffs"], "a ranking or payoffs, not both")
    if d.get("payoffs") is not None:
        payoffs, ranked = _payoffs(f"{who}.payoffs", d["payoffs"]), False
    elif d.get("ranking") is not None:
        payoffs, ranked = _ranking(f"{who}.ranking", d["ranking"]), True
    elif mirror is not None:
        payoffs, ranked = mirror.payoffs, mirror.ranked
    else:
        payoffs, ranked = _ranking(f"{who}.ranking", DEFAULT_RANKING), True
    _check_roles(who, coop, defect, payoffs, ranked)
    return Side(name, coop, defect, payoffs, ranked)


def _check_roles(who: str, coop: str, defect: str, payoffs: tuple[float, float, float, float],
                 ranked: bool) -> None:
    """Refuse answers that contradict each other: a ranking that is a social dilemma only with
    the two options swapped (the option called cooperative is the selfish one)."""
    from winwin.game import ordinal_family

    R, S, T, P = payoffs
    if ordinal_family(R, S, T, P).dilemma or not ordinal_family(P, T, S, R).dilemma:
        return
    field = f"{who}.ranking" if ranked else f"{who}.payoffs"
    order = " > ".join(sorted(OUTCOMES, key=lambda o: -payoffs[OUTCOMES.index(o)]))
    raise ParameterError(field, order, f"an order that fits the options: in this one both "
                         f"doing {defect!r} beats both doing {coop!r}, so {defect!r} is the "
                         "cooperative option here; call it the cooperative one, or rank again")


def _rounds(value: Any, known_end: bool) -> float:
    allowed = ("a whole number of further interactions from 1 to "
               f"{MAX_ROUNDS:,}" if known_end else
               f"the expected number of further interactions, a number from 1 to {MAX_ROUNDS:,}")
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ParameterError("rounds", value, allowed) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 1 <= value <= MAX_ROUNDS:
        raise ParameterError("rounds", value, allowed)
    if known_end and float(value) != int(value):
        raise ParameterError("rounds", value, allowed)
    return float(value)


def parse_share(field: str, value: Any) -> float:
    """A share from ``0.05`` or ``"5%"``; a bare number above 1 is refused (ambiguous)."""
    allowed = ("a share below one half, such as 0.05 or 5% (at 50% every move would be a coin "
               "toss)")
    if isinstance(value, str):
        v = value.strip()
        try:
            value = float(v[:-1]) / 100 if v.endswith("%") else float(v)
        except ValueError:
            raise ParameterError(field, value, allowed) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 <= value < 0.5:
        raise ParameterError(field, value, allowed)
    return float(value)


def _moves(field: str, value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = "".join(str(v) for v in value)
    if not isinstance(value, str):
        raise ParameterError(field, value, "moves as a string of C and D, oldest first")
    moves = "".join(value.split()).upper()
    if not moves or set(moves) - {"C", "D"}:
        raise ParameterError(field, value, "moves as a string of C (the cooperative option) and "
                             "D (the other), oldest first, such as CCDC")
    if len(moves) > MAX_PAST:
        raise ParameterError(field, value, f"at most {MAX_PAST} moves")
    return moves


def _past(value: Any) -> tuple[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) - {"me", "other"} or "other" not in value:
        raise ParameterError("past", value, "a table with the other side's moves (other = "
                             "\"CCD\") and yours (me = \"CCC\"), oldest first")
    other = _moves("past.other", value["other"])
    mine = _moves("past.me", value["me"]) if value.get("me") is not None else "C" * len(other)
    if len(mine) != len(other):
        raise ParameterError("past.me", value.get("me"), f"as many moves as the other side's "
                             f"({len(other)})")
    return mine, other


def answers_from_dict(d: Mapping[str, Any]) -> Answers:
    """Check a dict of answers (the TOML file's layout) and return :class:`Answers`.

    Missing answers take their defaults: the other side's options and ranking mirror mine.
    """
    if not isinstance(d, Mapping):
        raise ParameterError("answers", d, "a table of answers")
    unknown = sorted(set(d) - _TOP_KEYS)
    if unknown:
        raise ParameterError(unknown[0], d[unknown[0]],
                             f"one of the questions {', '.join(sorted(_TOP_KEYS))}")
    me = _side(d.get("me"), "me", DEFAULTS["me.name"], None)
    other = _side(d.get("other"), "other", DEFAULTS["other.name"], me)
    if me.name.casefold() == other.name.casefold():
        raise ParameterError("other.name", other.name, f"a name different from yours "
                             f"({me.name!r})")
    known = d.get("known_end", DEFAULTS["known_end"])
    if isinstance(known, str) and known.strip().lower() in ("yes", "no", "true", "false"):
        known = known.strip().lower() in ("yes", "true")
    if not isinstance(known, bool):
        raise ParameterError("known_end", known, "true (the end is known) or false (we never "
                             "know when it ends)")
    rounds = _rounds(d.get("rounds", DEFAULTS["rounds"]), known)
    mistakes = parse_share("mistakes", d.get("mistakes", DEFAULTS["mistakes"]))
    title = None if d.get("title") is None else _text("title", d["title"])
    return Answers(me, other, rounds, known, mistakes, _past(d.get("past")), title)


# -- files and examples ------------------------------------------------------------------------

_EXAMPLES = Path(__file__).with_name("examples")


def load(path: str | Path) -> Answers:
    """Answers from a TOML file (the layout of :func:`answers_from_dict`)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ParameterError("file", str(path), f"a readable TOML file ({exc.strerror})") from None
    if len(raw) > 64_000:
        raise ParameterError("file", str(path), "a TOML file of at most 64 kB")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ParameterError("file", str(path), f"valid TOML ({exc})") from None
    return answers_from_dict(data)


def examples() -> dict[str, str]:
    """The shipped examples: name -> title."""
    out = {}
    for f in sorted(_EXAMPLES.glob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        out[f.stem] = str(data.get("title", f.stem))
    return out


def example(name: str) -> Answers:
    """A shipped example by name (see :func:`examples`)."""
    names = examples()
    if name not in names:
        raise ParameterError("example", name, f"one of {', '.join(names)}")
    return load(_EXAMPLES / f"{name}.toml")
