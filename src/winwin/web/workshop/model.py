"""A workshop session as an append-only log of events, and the state that folds out of it.

Everything that happens is an event (``joined``, ``stage``, ``round``, ``move``, ``resolved``…);
:meth:`Session.apply` is the only thing that changes a session, so the state rebuilt from the
stored log is the live state by construction. The *commands* (:meth:`Session.join`,
:meth:`Session.move`, :meth:`Session.start_game`…) check their input, then return the events
that follow from it, derived events included (a bot's move, a resolved round, the next round):
nothing random or timed happens while an event is applied. Every random draw (pairings, the
shared length of a game, mistakes, bots' mixed moves) comes from the session's seed and the
draw's place (game, round, seat), so the same seed and the same moves give the same session.

>>> s = Session.new(code="ABC234", organiser="o", seed=1)
>>> for name in ("Ann", "Bob", "Cy"):
...     _ = s.join(name, secret=name.lower())
>>> [e["type"] for e in s.start_game({"turns": 2})]   # the odd one out meets a house bot
['stage', 'bot', 'game', 'move']
>>> sorted(s.game.pool), s.seats[4].name
([1, 2, 3, 4], 'House bot Ada')
>>> for seat in (1, 2, 3):
...     _ = s.move(seat, game=1, round=1, move="C")
>>> s.game.round, s.seats[1].total
(2, 3.0)
>>> s.move(1, game=1, round=1, move="D")              # a resent move changes nothing
[]
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import winwin as ww
from winwin import outcomes

__all__ = ["Session", "WorkshopError", "Event", "STARTERS", "MAX_SEATS", "MAX_ROUNDS"]

#: Seats in one session (participants and house bots together).
MAX_SEATS = 200
#: Rounds of one live game, a drawn length included.
MAX_ROUNDS = 100
MAX_NICKNAME = 24
MAX_TITLE = 80
#: Library strategies a house bot may play and a strategy may start from: the memory-one ones,
#: so a bot is four probabilities and the strategy round's payoffs are exact.
STARTERS = ("tit-for-tat", "generous-tit-for-tat", "win-stay-lose-shift", "cooperator",
            "defector", "random", "extort-2", "suspicious-tit-for-tat", "firm-but-fair")
PAIRINGS = ("random", "fixed", "round-robin")
MATCHINGS = ("partner", "stranger")
STAGES = ("game", "strategy", "debrief")
#: Timeouts in a row after which a silent seat is played by a stand-in until it is back.
AWAY_AFTER = 2
BOT_NAMES = ("Ada", "Bo", "Cleo", "Dex", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo")

Event = dict[str, Any]


class WorkshopError(ww.WinwinError):
    """A request the session cannot take now (HTTP 409), or one it may never take (403/404),
    in one line."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _rng(seed: int, *where: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, *where]))


# the places of the session's draws
_PAIRING, _LENGTH, _STRANGER, _NOISE, _BOT = 1, 2, 3, 4, 5


def clean_text(value: Any, field_name: str, limit: int) -> str:
    """A nickname or title: printable characters, spaces collapsed, 1 to ``limit`` long."""
    if not isinstance(value, str):
        raise ww.ParameterError(field_name, value, f"text of 1 to {limit} characters")
    text = " ".join("".join(ch for ch in value if ch.isprintable()).split())
    if not 1 <= len(text) <= limit:
        raise ww.ParameterError(field_name, value, f"text of 1 to {limit} characters")
    return text


def memory_one(spec: str, game: ww.Game, field_name: str = "strategy") -> tuple[float, ...]:
    """``(first, p_CC, p_CD, p_DC, p_DD)`` of a library strategy that is memory-one."""
    s = ww.get_strategy(spec)
    v = s.memory_one(game)
    if v is None:
        raise ww.ParameterError(field_name, spec, "a memory-one strategy: "
                                + ", ".join(STARTERS))
    return tuple(float(x) for x in v)


@dataclass
class Seat:
    seat: int
    name: str
    bot: str | None = None  # a house bot's strategy spec
    auto: bool = False  # a bot the session added to make a pair
    secret: str = ""  # sha256 of the seat's secret
    joined: int = 0  # the event number of its arrival
    removed: bool = False
    away: bool = False
    silent: int = 0  # timeouts in a row
    total: float = 0.0
    rounds: int = 0

    @property
    def human(self) -> bool:
        return self.bot is None


@dataclass
class Game:
    number: int  # 1 for the first game of the session
    stage: int
    settings: dict[str, Any]
    pool: list[int]
    pairs: list[tuple[int, int]]  # this round's
    length: int
    round: int = 1
    moves: dict[int, tuple[str, str]] = field(default_factory=dict)  # seat -> (meant, source)
    rounds: list[dict[str, Any]] = field(default_factory=list)  # resolved rounds
    over: bool = False

    def partner(self, seat: int) -> int | None:
        for a, b in self.pairs:
            if a == seat:
                return b
            if b == seat:
                return a
        return None

    def last(self, seat: int) -> tuple[str, str] | None:
        """(own played, other's played) in the seat's last resolved round of this game."""
        if not self.rounds:
            return None
        for r in self.rounds[-1]["pairs"]:
            if r["a"] == seat:
                return r["played_a"], r["played_b"]
            if r["b"] == seat:
                return r["played_b"], r["played_a"]
        return None


@dataclass
class Stage:
    number: int
    kind: str
    settings: dict[str, Any]
    closed: bool = False  # a strategy round's submissions are closed


@dataclass
class Session:
    """The state of one workshop, folded from its events (see the module's docstring)."""

    code: str
    organiser: str  # sha256 of the organiser's secret
    seed: int
    game_spec: str = "pd"
    title: str = "Workshop"
    events: list[Event] = field(default_factory=list)
    seats: dict[int, Seat] = field(default_factory=dict)
    stages: list[Stage] = field(default_factory=list)
    games: list[Game] = field(default_factory=list)
    strategies: dict[int, dict[str, Any]] = field(default_factory=dict)  # seat -> submission
    paused: bool = False
    closed: bool = False
    _out: list[Event] = field(default_factory=list, repr=False, compare=False)

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def new(cls, *, code: str, organiser: str, seed: int, game: str = "pd",
            title: str = "Workshop", at: float = 0.0) -> Session:
        ww.parse_game(game)  # refuse a bad game before anything is stored
        return cls.from_events([{"type": "created", "code": code, "organiser": digest(organiser),
                                 "seed": int(seed), "game": game,
                                 "title": clean_text(title, "title", MAX_TITLE), "at": at}])

    @classmethod
    def from_events(cls, events: Iterable[Event]) -> Session:
        it = iter(events)
        first = next(it)
        if first.get("type") != "created":
            raise ValueError("a session's log starts with its 'created' event")
        s = cls(code=first["code"], organiser=first["organiser"], seed=first["seed"],
                game_spec=first["game"], title=first["title"])
        s.events.append({**first, "n": 1})
        for e in it:
            s.apply(e)
        return s

    def _emit(self, e: Event) -> None:
        self._out.append(self.apply(e))

    def _done(self) -> list[Event]:
        out, self._out = self._out, []
        return out

    @property
    def game(self) -> Game | None:
        """The game being played (None between games)."""
        if self.games and not self.games[-1].over and self.stage is not None \
                and self.stage.kind == "game" and self.stage.number == self.games[-1].stage:
            return self.games[-1]
        return None

    @property
    def stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def last(self) -> int:
        return len(self.events)

    @property
    def g(self) -> ww.Game:
        return ww.parse_game(self.game_spec)

    # -- folding -------------------------------------------------------------------------------

    def apply(self, e: Event) -> Event:
        """Fold one event into the state; the only place the state changes."""
        e = {**e, "n": len(self.events) + 1}
        kind = e["type"]
        if kind == "joined":
            self.seats[e["seat"]] = Seat(e["seat"], e["name"], secret=e["secret"], joined=e["n"])
        elif kind == "bot":
            self.seats[e["seat"]] = Seat(e["seat"], e["name"], bot=e["strategy"],
                                         auto=e.get("auto", False), joined=e["n"])
        elif kind == "removed":
            self.seats[e["seat"]].removed = True
            self.strategies.pop(e["seat"], None)
        elif kind == "away":
            self.seats[e["seat"]].away = True
        elif kind == "back":
            seat = self.seats[e["seat"]]
            seat.away, seat.silent = False, 0
        elif kind == "paused":
            self.paused = bool(e["paused"])
        elif kind == "stage":
            self.stages.append(Stage(len(self.stages) + 1, e["kind"], e["settings"]))
            if e["kind"] == "strategy":
                self.strategies = {}  # each strategy round starts empty
            if self.games and not self.games[-1].over:
                self.games[-1].over = True  # a game the organiser moved on from ends here
        elif kind == "game":
            self.games.append(Game(len(self.games) + 1, len(self.stages), e["settings"],
                                   list(e["pool"]), [tuple(p) for p in e["pairs"]], e["length"]))
        elif kind == "round":
            g = self.games[-1]
            g.round, g.moves = e["round"], {}
            g.pairs = [(a, b) for a, b in e["pairs"]]
        elif kind == "move":
            g = self.games[-1]
            g.moves[e["seat"]] = (e["move"], e["source"])
            seat = self.seats[e["seat"]]
            if seat.human:
                if e["source"] == "seat":
                    seat.silent = 0
                elif e["source"] == "default":
                    seat.silent += 1
        elif kind == "resolved":
            g = self.games[-1]
            g.rounds.append({"round": e["round"], "pairs": e["pairs"]})
            for r in e["pairs"]:
                for side in ("a", "b"):
                    seat = self.seats[r[side]]
                    seat.total += r[f"pay_{side}"]
                    seat.rounds += 1
            if e.get("over"):
                g.over = True
        elif kind == "strategy":
            self.strategies[e["seat"]] = {k: e[k] for k in ("first", "p", "base")}
        elif kind == "closed-strategy":
            self.stages[-1].closed = True
        elif kind == "closed":
            self.closed = bool(e["closed"])
        elif kind == "organiser-key":
            self.organiser = e["organiser"]
        else:
            raise ValueError(f"unknown event type {kind!r}")
        self.events.append(e)
        return e

    # -- who is who ----------------------------------------------------------------------------

    def check_organiser(self, secret: str | None) -> None:
        if not secret or not hmac.compare_digest(digest(secret), self.organiser):
            raise WorkshopError("this needs the organiser's link (its key is wrong or missing)",
                                403)

    def seat_of(self, seat: Any, secret: str | None) -> Seat:
        s = self.seats.get(seat) if isinstance(seat, int) else None
        if s is None or not s.human or not secret \
                or not hmac.compare_digest(digest(secret), s.secret):
            raise WorkshopError("this seat's key is wrong or missing: open your resume link, "
                                "or join again", 403)
        if s.removed:
            raise WorkshopError("the organiser has removed this seat", 403)
        return s

    def humans(self) -> list[Seat]:
        return [s for s in self.seats.values() if s.human and not s.removed]

    def _next_seat(self) -> int:
        return max(self.seats, default=0) + 1

    def _open(self) -> None:
        if self.closed:
            raise WorkshopError("the organiser has closed this session")

    # -- commands: participants ----------------------------------------------------------------
    # A command checks everything first, then emits its events (each applied at once, so a
    # derived step sees the state before it) and returns them for the store to write.

    def join(self, nickname: Any, *, secret: str) -> list[Event]:
        self._open()
        name = clean_text(nickname, "nickname", MAX_NICKNAME)
        if name.casefold().startswith("house bot"):
            raise ww.ParameterError("nickname", nickname, "a name of your own (\"House bot\" "
                                    "is for the bots)")
        if len(self.seats) >= MAX_SEATS:
            raise WorkshopError(f"this session is full: at most {MAX_SEATS} seats")
        taken = {s.name.casefold() for s in self.seats.values() if not s.removed}
        base, k = name, 2
        while name.casefold() in taken:  # two Annas become Anna and Anna 2
            name = f"{base[:MAX_NICKNAME - 3]} {k}"
            k += 1
        self._emit({"type": "joined", "seat": self._next_seat(), "name": name,
                    "secret": digest(secret)})
        return self._done()

    def move(self, seat: int, *, game: Any, round: Any, move: Any) -> list[Event]:
        """A seat's move for a round. Resent (the same game and round again) it changes
        nothing and returns no event; the round resolves when every seat in it has moved."""
        self._open()
        if isinstance(move, str):
            move = move.strip().upper()
        if move not in ("C", "D"):
            raise ww.ParameterError("move", move, "C (cooperate) or D (defect)")
        for name, value in (("game", game), ("round", round)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ww.ParameterError(name, value, "a whole number from 1")
        if game > len(self.games):
            raise WorkshopError(f"game {game} has not started")
        g = self.games[game - 1]
        if self._played(g, seat, round) or (round == g.round and seat in g.moves):
            return []  # a resend of a move that was taken (its round may have been cut short)
        current = self.game
        if current is None or current.number != g.number or round != g.round:
            raise WorkshopError(f"game {game} round {round} is not being played now")
        if seat in g.moves:
            return []  # resent: the first move stands
        if seat not in g.pool:
            raise WorkshopError("you are not in this game: you play from the next one")
        if self.paused:
            raise WorkshopError("the organiser has paused the session: wait a moment")
        if self.seats[seat].away:
            self._emit({"type": "back", "seat": seat})
        self._emit({"type": "move", "seat": seat, "game": game, "round": round, "move": move,
                    "source": "seat"})
        self._advance()
        return self._done()

    def _played(self, g: Game, seat: int, round: int) -> bool:
        for r in g.rounds:
            if r["round"] == round:
                return any(seat in (p["a"], p["b"]) for p in r["pairs"])
        return False

    def submit(self, seat: int, *, first: Any, p: Any, base: Any = None) -> list[Event]:
        self._open()
        st = self.stage
        if st is None or st.kind != "strategy" or st.closed:
            raise WorkshopError("strategies are taken in an open strategy round only")
        f = _probability(first, "first")
        if not isinstance(p, (list, tuple)) or len(p) != 4:
            raise ww.ParameterError("p", p, "four probabilities: after win-win, lose-win, "
                                    "win-lose and lose-lose")
        ps = [_probability(x, f"p[{k}]") for k, x in enumerate(p)]
        if base is not None and base not in STARTERS:
            raise ww.ParameterError("base", base, "one of " + ", ".join(STARTERS))
        self._emit({"type": "strategy", "seat": seat, "first": f, "p": ps, "base": base})
        return self._done()

    def back(self, seat: int) -> list[Event]:
        """A seat that was away says it is back (its page opened or became visible)."""
        if self.seats[seat].away and not self.closed:
            self._emit({"type": "back", "seat": seat})
        return self._done()

    # -- commands: the organiser -----------------------------------------------------------------

    def add_bots(self, strategy: Any = "tit-for-tat", count: Any = 1) -> list[Event]:
        self._open()
        if strategy not in STARTERS:
            raise ww.ParameterError("strategy", strategy, "one of " + ", ".join(STARTERS))
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 20:
            raise ww.ParameterError("count", count, "from 1 to 20 bots at a time")
        if len(self.seats) + count > MAX_SEATS:
            raise WorkshopError(f"this session is full: at most {MAX_SEATS} seats")
        for _ in range(count):
            self._emit(self._bot(strategy))
        return self._done()

    def _bot(self, strategy: str, auto: bool = False) -> Event:
        bots = sum(1 for s in self.seats.values() if not s.human)
        name = f"House bot {BOT_NAMES[bots % len(BOT_NAMES)]}"
        if bots >= len(BOT_NAMES):
            name += f" {bots // len(BOT_NAMES) + 1}"
        return {"type": "bot", "seat": self._next_seat(), "name": name, "strategy": strategy,
                "auto": auto}

    def remove(self, seat: Any) -> list[Event]:
        s = self.seats.get(seat) if isinstance(seat, int) else None
        if s is None or s.removed:
            raise ww.ParameterError("seat", seat, "a seat of this session")
        self._emit({"type": "removed", "seat": seat})
        self._stand_ins()  # a stand-in plays the rest of this game for it
        return self._done()

    def pause(self, paused: bool) -> list[Event]:
        if bool(paused) != self.paused:
            self._emit({"type": "paused", "paused": bool(paused)})
        return self._done()

    def new_organiser_key(self, secret: str) -> list[Event]:
        """A new organiser key (the old link stops working): for whoever holds the session's
        file, when the organiser's link is lost."""
        self._emit({"type": "organiser-key", "organiser": digest(secret)})
        return self._done()

    def close(self, closed: bool) -> list[Event]:
        if bool(closed) != self.closed:
            self._emit({"type": "closed", "closed": bool(closed)})
        return self._done()

    def start_game(self, settings: Mapping[str, Any]) -> list[Event]:
        self._open()
        cfg = game_settings(settings)
        humans = [s.seat for s in self.humans()]
        if not humans:
            raise WorkshopError("nobody has joined yet: a game needs at least one participant")
        self._emit({"type": "stage", "kind": "game", "settings": cfg})
        bots = [s.seat for s in self.seats.values()
                if not s.human and not s.auto and not s.removed]
        if (len(humans) + len(bots)) % 2:  # the odd one out plays a labelled house bot
            spare = [s.seat for s in self.seats.values() if s.auto and not s.removed]
            if not spare:
                self._emit(self._bot(cfg["bot"], auto=True))
                spare = [self.last_seat]
            bots.append(spare[0])
        number = len(self.games) + 1
        pool = sorted(humans + bots)
        pairs = self._pairs(cfg["pairing"], pool, humans, bots, _rng(self.seed, _PAIRING, number))
        length = cfg["turns"] if cfg["turns"] else _length(self.seed, number, cfg)
        self._emit({"type": "game", "settings": cfg, "pool": pool,
                    "pairs": [list(p) for p in pairs], "length": length})
        self._stand_ins()
        return self._done()

    @property
    def last_seat(self) -> int:
        return max(self.seats)

    def _pairs(self, how: str, pool: list[int], humans: list[int], bots: list[int],
               rng: np.random.Generator) -> list[tuple[int, int]]:
        if how == "round-robin":
            done = sum(1 for g in self.games if g.settings["pairing"] == "round-robin")
            n = len(pool)
            k = done % (n - 1) if n > 2 else 0
            rest = pool[1:]
            ring = [pool[0], *rest[k:], *rest[:k]]  # the circle method: one stays, all turn
            return [(ring[i], ring[n - 1 - i]) for i in range(n // 2)]
        kept: list[tuple[int, int]] = []
        if how == "fixed" and self.games:
            alive = set(pool)
            kept = [(a, b) for a, b in self.games[-1].pairs if a in alive and b in alive]
        taken = {x for p in kept for x in p}
        h = [x for x in humans if x not in taken]
        b = [x for x in bots if x not in taken]
        rng.shuffle(h)
        rng.shuffle(b)
        pairs = list(kept)
        while b and h:  # bots meet people first: the people are why the room is here
            pairs.append((h.pop(), b.pop()))
        rest = h + b
        pairs += [(rest[i], rest[i + 1]) for i in range(0, len(rest) - 1, 2)]
        return pairs

    def start_strategy(self, settings: Mapping[str, Any]) -> list[Event]:
        self._open()
        self._emit({"type": "stage", "kind": "strategy",
                    "settings": strategy_settings(settings)})
        return self._done()

    def close_strategy(self) -> list[Event]:
        st = self.stage
        if st is None or st.kind != "strategy" or st.closed:
            raise WorkshopError("there is no open strategy round")
        if len(self.strategies) + len(st.settings["library"]) < 2:
            raise WorkshopError("a tournament needs at least two strategies: wait for "
                                "submissions or add library strategies")
        self._emit({"type": "closed-strategy"})
        return self._done()

    def start_debrief(self) -> list[Event]:
        self._emit({"type": "stage", "kind": "debrief", "settings": {}})
        return self._done()

    # -- what follows from a move ---------------------------------------------------------------

    def timeout(self, game: int | None = None, round: int | None = None) -> list[Event]:
        """Default moves for every seat that has not moved in the open round (the timer's
        work: what tit-for-tat would play), and a stand-in from then on for a seat silent
        :data:`AWAY_AFTER` rounds in a row. Given ``game`` and ``round``, only while that
        round is the open one (a second click does not end the next round too)."""
        g = self.game
        if g is None or self.paused or self.closed:
            return []
        if (game is not None and game != g.number) or (round is not None and round != g.round):
            return []
        for a, b in list(g.pairs):
            for x in (a, b):
                if x not in g.moves:
                    self._emit({"type": "move", "seat": x, "game": g.number,
                                "round": g.round, "move": self._tit_for_tat(g, x),
                                "source": "default"})
                    if self.seats[x].silent >= AWAY_AFTER and not self.seats[x].away:
                        self._emit({"type": "away", "seat": x})
        self._advance()
        return self._done()

    def _tit_for_tat(self, g: Game, seat: int) -> str:
        last = g.last(seat)
        return "C" if last is None else last[1]

    def _bot_move(self, g: Game, seat: int) -> str:
        spec = self.seats[seat].bot
        assert spec is not None
        v = memory_one(spec, self.g)
        last = g.last(seat)
        p = v[0] if last is None else v[1 + 2 * (last[0] == "D") + (last[1] == "D")]
        if p >= 1.0:
            return "C"
        if p <= 0.0:
            return "D"
        u = _rng(self.seed, _BOT, g.number, g.round, seat).random()
        return "C" if u < p else "D"

    def _stand_ins(self) -> None:
        """Moves for the open round by house bots and by stand-ins for seats away or
        removed (tit-for-tat), then whatever follows."""
        g = self.game
        if g is None:
            return
        for a, b in list(g.pairs):
            for x in (a, b):
                s = self.seats[x]
                if x in g.moves or (s.human and not s.away and not s.removed):
                    continue
                m = self._bot_move(g, x) if not s.human else self._tit_for_tat(g, x)
                self._emit({"type": "move", "seat": x, "game": g.number, "round": g.round,
                            "move": m, "source": "bot"})
        self._advance()

    def _advance(self) -> None:
        """Once every seat of the open round has moved the round resolves; then the next
        round opens (or the game ends) and the bots and stand-ins move in it."""
        g = self.game
        if g is None or any(x not in g.moves for p in g.pairs for x in p):
            return
        game = self.g
        e = g.settings["noise"]
        rows = []
        for a, b in g.pairs:
            row: dict[str, Any] = {"a": a, "b": b}
            for side, x in (("a", a), ("b", b)):
                meant, source = g.moves[x]
                flip = e > 0 and _rng(self.seed, _NOISE, g.number, g.round, x).random() < e
                row[f"meant_{side}"] = meant
                row[f"played_{side}"] = ("D" if meant == "C" else "C") if flip else meant
                row[f"source_{side}"] = source
            da, db = row["played_a"] == "D", row["played_b"] == "D"
            row["pay_a"] = float(game.payoffs_1[2 * da + db])
            row["pay_b"] = float(game.payoffs_2[2 * db + da])
            row["outcome"] = outcomes.ENGINE_ORDER[2 * da + db]  # from a's side
            rows.append(row)
        over = g.round >= g.length
        self._emit({"type": "resolved", "game": g.number, "round": g.round, "pairs": rows,
                    "over": over})
        if over:
            return
        nxt = g.round + 1
        pairs = list(g.pairs)
        if g.settings["matching"] == "stranger":
            humans = [x for x in g.pool if self.seats[x].human]
            bots = [x for x in g.pool if not self.seats[x].human]
            pairs = self._pairs("random", g.pool, humans, bots,
                                _rng(self.seed, _STRANGER, g.number, nxt))
        self._emit({"type": "round", "game": g.number, "round": nxt,
                    "pairs": [list(p) for p in pairs]})
        self._stand_ins()

def _probability(x: Any, name: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) \
            or not 0.0 <= x <= 1.0:
        raise ww.ParameterError(name, x, "a probability from 0 to 1")
    return float(x)


def _length(seed: int, number: int, cfg: Mapping[str, Any]) -> int:
    """The shared length of an uncertain game: ``min_rounds``, then each further round with
    probability ``continue`` (one draw for every pair), at most :data:`MAX_ROUNDS`."""
    rng = _rng(seed, _LENGTH, number)
    n = cfg["min_rounds"]
    while n < MAX_ROUNDS and rng.random() < cfg["continue"]:
        n += 1
    return n


def _known(settings: Mapping[str, Any], known: set[str], what: str) -> None:
    for k in settings:
        if k not in known:
            raise ww.ParameterError(k, settings[k], f"not a {what} setting: "
                                    + ", ".join(sorted(known)))


def _whole(value: Any, name: str, high: int, unit: str = "rounds") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ww.ParameterError(name, value, f"whole {unit} from 1 to {high}")
    return value


def _share(value: Any, name: str, high: float, words: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not 0.0 <= value <= high:
        raise ww.ParameterError(name, value, f"{words} from 0 to {high:g}")
    return float(value)


def _length_settings(cfg: dict[str, Any], default: int, high: int, unit: str,
                     continue_high: float) -> None:
    """``turns`` (a known length) or ``continue`` (and for a live game ``min_rounds``)."""
    if cfg["continue"] is None and cfg["turns"] is None:
        cfg["turns"] = default
    if cfg["continue"] is not None and cfg["turns"] is not None:
        raise ww.ParameterError("turns", cfg["turns"], "turns or continue, not both")
    if cfg["turns"] is not None:
        cfg["turns"] = _whole(cfg["turns"], "turns", high, unit)
    else:
        cfg["continue"] = _share(cfg["continue"], "continue", continue_high,
                                 "a probability that the game goes on after each round")


def game_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A live game's settings, checked, with defaults."""
    _known(settings, {"turns", "continue", "min_rounds", "noise", "pairing", "matching",
                      "timeout", "bot"}, "game")
    cfg: dict[str, Any] = {"turns": None, "continue": None, "min_rounds": None, "noise": 0.0,
                           "pairing": "random", "matching": "partner", "timeout": 45,
                           "bot": "tit-for-tat"}
    cfg.update({k: v for k, v in settings.items() if v is not None})
    _length_settings(cfg, 10, MAX_ROUNDS, "rounds", 0.99)
    if cfg["continue"] is not None:
        cfg["min_rounds"] = _whole(1 if cfg["min_rounds"] is None else cfg["min_rounds"],
                                   "min_rounds", MAX_ROUNDS)
    cfg["noise"] = _share(cfg["noise"], "noise", 0.5, "a probability of a mistake")
    if cfg["pairing"] not in PAIRINGS:
        raise ww.ParameterError("pairing", cfg["pairing"], "one of " + ", ".join(PAIRINGS))
    if cfg["matching"] not in MATCHINGS:
        raise ww.ParameterError("matching", cfg["matching"], "one of " + ", ".join(MATCHINGS))
    t = cfg["timeout"]
    if isinstance(t, bool) or not isinstance(t, (int, float)) or not 5 <= t <= 600:
        raise ww.ParameterError("timeout", t, "seconds from 5 to 600 before a silent seat "
                                "gets a default move")
    if cfg["bot"] not in STARTERS:
        raise ww.ParameterError("bot", cfg["bot"], "one of " + ", ".join(STARTERS))
    return cfg


def strategy_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A strategy round's settings, checked, with defaults."""
    _known(settings, {"library", "turns", "continue", "noise"}, "strategy-round")
    cfg: dict[str, Any] = {"library": ["tit-for-tat", "defector", "cooperator"],
                           "turns": None, "continue": None, "noise": 0.0}
    cfg.update({k: v for k, v in settings.items() if v is not None})
    lib = cfg["library"]
    if not isinstance(lib, list) or len(lib) > len(STARTERS) \
            or any(x not in STARTERS for x in lib) or len(set(lib)) != len(lib):
        raise ww.ParameterError("library", lib, "distinct strategies from: "
                                + ", ".join(STARTERS))
    _length_settings(cfg, 200, 10_000, "turns", 0.9999)
    cfg["noise"] = _share(cfg["noise"], "noise", 0.5, "a probability of a mistake")
    return cfg
