"""The JSON API: request models (types, ranges and caps, documented in the OpenAPI page at
``/docs``) and one endpoint per function of :mod:`winwin.web.service`.

Work runs in a worker thread (the compiled engine never blocks the event loop) under a time
budget; a request over a cap is a 422 naming the field and the cap, a library error a 422
naming the field and what is allowed, a request over the budget a 503.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from starlette.concurrency import run_in_threadpool

from winwin.web import _caps, service

router = APIRouter(prefix="/api")

MAX_SEED = 2**53 - 1  # a seed a browser keeps exactly (JavaScript numbers)
Spec = Annotated[str, StringConstraints(min_length=1, max_length=_caps.MAX_SPEC)]
GameSpec = Annotated[str, StringConstraints(min_length=1, max_length=_caps.MAX_GAME_SPEC)]
Noise = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False,
                               description="probability that a move flips (a mistake)")]
Seed = Annotated[int | None, Field(ge=0, le=MAX_SEED, description="seed for every random "
                                   "draw; left out, the server draws one and returns it")]
Turns = Annotated[int | None, Field(ge=1, le=_caps.MAX_TURNS, description="turns per match")]
ProbEnd = Annotated[float | None, Field(ge=_caps.MIN_PROB_END, le=1.0, allow_inf_nan=False,
                                        description="probability that a match ends after each "
                                        "turn (instead of turns)")]
DEFAULT_LINEUP = ["tit-for-tat", "generous-tit-for-tat", "win-stay-lose-shift", "grudger",
                  "defector", "cooperator", "random", "extort-2"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Length(_Model):
    turns: Turns = None
    prob_end: ProbEnd = None

    @model_validator(mode="after")
    def _one_length(self) -> Any:
        if self.turns is not None and self.prob_end is not None:
            raise ValueError("turns and prob_end are exclusive: give one")
        return self

    def length(self, default: int | None = 200) -> dict[str, Any]:
        if self.turns is None and self.prob_end is None:
            return {"turns": default, "prob_end": None}
        return {"turns": self.turns, "prob_end": self.prob_end}


def _seed(seed: int | None) -> int:
    return secrets.randbelow(2**31) if seed is None else seed


class TournamentRequest(_Length):
    strategies: list[Spec] = Field(default_factory=lambda: list(DEFAULT_LINEUP), min_length=2,
                                   max_length=_caps.MAX_STRATEGIES,
                                   description="library specs, e.g. generous-tit-for-tat(q=0.2) "
                                   "or memory-one(p=[1,0.2,1,0.2])")
    repetitions: int = Field(10, ge=1, le=_caps.MAX_REPETITIONS)
    noise: Noise = 0.0
    seed: Seed = None
    game: GameSpec = "pd"
    self_play: bool = True
    exact: bool = False

    def settings(self) -> dict[str, Any]:
        return dict(**self.length(), repetitions=self.repetitions, noise=self.noise,
                    seed=_seed(self.seed), game_spec=self.game, self_play=self.self_play)


class ReplayRequest(TournamentRequest):
    player: int = Field(0, ge=0, lt=_caps.MAX_STRATEGIES)
    opponent: int = Field(1, ge=0, lt=_caps.MAX_STRATEGIES)
    repetition: int = Field(0, ge=0, lt=_caps.MAX_REPETITIONS)


class MatchRequest(_Length):
    player_1: Spec = "tit-for-tat"
    player_2: Spec = "defector"
    noise: Noise = 0.0
    seed: Seed = None
    game: GameSpec = "pd"


class PayoffsRequest(_Length):
    strategies: list[Spec] = Field(default_factory=lambda: ["tit-for-tat", "defector"],
                                   min_length=1, max_length=_caps.MAX_STRATEGIES)
    noise: Noise = 0.0
    game: GameSpec = "pd"


Count = Annotated[int, Field(ge=0, le=_caps.MAX_MORAN_POPULATION)]
Population = Annotated[dict[Spec, Count], Field(min_length=2, max_length=_caps.MAX_STRATEGIES)]


def _trust_population() -> dict[str, int]:
    return {c: (4 if c == "random" else 3) for c in service.TRUST_CHARACTERS}


class EvolveRequest(_Model):
    population: Population = Field(default_factory=_trust_population,
                                   description="counts per strategy (the sandbox: 25 over "
                                   "eight characters)")
    generations: int = Field(50, ge=0, le=_caps.MAX_GENERATIONS)
    turns: int = Field(10, ge=1, le=_caps.MAX_TURNS, description="rounds per match")
    replace: int = Field(5, ge=0, le=_caps.MAX_POPULATION // 2,
                         description="eliminated and reproduced each generation")
    noise: Noise = 0.05
    seed: Seed = None
    game: GameSpec = "trust"


class MoranRequest(_Length):
    population: Population = Field(default_factory=lambda: {"tit-for-tat": 10, "defector": 10})
    w: float = Field(0.1, ge=0.0, le=1.0, allow_inf_nan=False, description="selection strength")
    generations: int = Field(100, ge=1, le=_caps.MAX_MORAN_GENERATIONS)
    mutation: float = Field(0.0, ge=0.0, le=1.0, allow_inf_nan=False)
    noise: Noise = 0.0
    seed: Seed = None
    game: GameSpec = "pd"
    exact: bool | None = Field(None, description="exact payoffs (memory-one line-ups); left "
                               "out: exact where possible")


Share = Annotated[float, Field(ge=0.0, le=1e6, allow_inf_nan=False)]


class ReplicatorRequest(_Length):
    shares: Annotated[dict[Spec, Share], Field(min_length=2, max_length=_caps.MAX_STRATEGIES)] = \
        Field(default_factory=lambda: {"tit-for-tat": 0.5, "defector": 0.5})
    time: float = Field(100.0, gt=0.0, le=_caps.MAX_TIME, allow_inf_nan=False)
    points: int = Field(101, ge=2, le=_caps.MAX_POINTS)
    noise: Noise = 0.0
    seed: Seed = None
    game: GameSpec = "pd"
    exact: bool | None = None


class _PageLength(_Model):
    """A page's length: ``turns`` has a default, and a ``prob_end`` given replaces it."""

    turns: int | None
    prob_end: float | None

    @model_validator(mode="after")
    def _one_length(self) -> Any:
        if self.prob_end is not None:
            self.turns = None
        elif self.turns is None:
            raise ValueError("turns or prob_end is needed")
        return self


class PlayRequest(_PageLength):
    moves: str = Field("", pattern=r"^[CD]*$", max_length=_caps.MAX_PLAY_TURNS,
                       description="your moves so far, C or D, in order")
    game_number: int = Field(0, ge=0, lt=len(service.PLAY_SERIES))
    turns: int | None = Field(10, ge=1, le=_caps.MAX_PLAY_TURNS)
    prob_end: float | None = Field(None, ge=1.0 / _caps.MAX_PLAY_TURNS, le=1.0,
                                   allow_inf_nan=False)
    noise: float = Field(0.0, ge=0.0, le=0.5, allow_inf_nan=False)
    seed: int = Field(1, ge=0, le=MAX_SEED)
    game: GameSpec = "trust"


class HorizonRequest(_PageLength):
    exploiter: Spec = "always-cheat"
    reciprocator: Spec = "tit-for-tat"
    power: float = Field(2.0, ge=0.0, le=5.0, allow_inf_nan=False,
                         description="how much more the stronger side gains by exploiting")
    turns: int | None = Field(50, ge=1, le=1_000)
    prob_end: float | None = Field(None, ge=0.001, le=1.0, allow_inf_nan=False)
    noise: float = Field(0.0, ge=0.0, le=0.5, allow_inf_nan=False)
    seed: Seed = None


# The scenario's answers, in the layout of a scenario TOML file. The models bound only their
# sizes and types: what an answer means (no ties, a horizon of at least one, mistakes below one
# half...) is checked by winwin.scenario itself, whose message names the question.
ScenarioText = Annotated[str, StringConstraints(max_length=_caps.MAX_SCENARIO_TEXT)]
ScenarioMoves = Annotated[str, StringConstraints(max_length=_caps.MAX_SCENARIO_MOVES)]


class ScenarioSide(_Model):
    name: ScenarioText | None = Field(None, description="who this side is, e.g. the buyer")
    options: list[ScenarioText] | None = Field(None, max_length=4, description="the two "
                                                "options in your own words")
    cooperative: ScenarioText | int | None = Field(None, description="the cooperative option: "
                                                   "its words, or 1 or 2")
    ranking: list[ScenarioText] | ScenarioText | None = Field(
        None, max_length=8, description="the four outcomes CC, CD, DC, DD (own move first) "
        "or win-win, lose-win, win-lose, lose-lose, best first")
    payoffs: dict[ScenarioText, float] | None = Field(None, max_length=8, description="a "
                                                      "number per outcome, instead of a ranking")


class ScenarioPast(_Model):
    me: ScenarioMoves | None = Field(None, description="your moves so far, C and D, oldest "
                                     "first")
    other: ScenarioMoves | None = Field(None, description="the other side's moves so far")


class ScenarioRequest(_Model):
    title: ScenarioText | None = None
    me: ScenarioSide | None = None
    other: ScenarioSide | None = None
    rounds: float | ScenarioText | None = Field(None, description="further interactions (or "
                                                "their expected number)")
    known_end: bool | ScenarioText | None = Field(None, description="true: the end is known")
    mistakes: float | ScenarioText | None = Field(None, description="share of moves misread "
                                                  "or made by mistake, e.g. 0.05 or 5%")
    past: ScenarioPast | None = None

    def answers(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


# -- running under the budget ----------------------------------------------------------------------


async def run(fn: Callable[..., Any], *args: Any, **kw: Any) -> Response:
    """``fn`` in a worker thread, its JSON-ready result encoded there too (so a large result
    does not hold the event loop), answered 503 when it takes longer than the budget."""

    def work() -> Response:
        out = fn(*args, **kw)
        if isinstance(out, Response):  # already encoded (a page, a text)
            return out
        return Response(json.dumps(out, separators=(",", ":"), allow_nan=False),
                        media_type="application/json")

    try:
        return await asyncio.wait_for(run_in_threadpool(work), _caps.TIME_BUDGET)
    except TimeoutError:
        raise HTTPException(503, f"the request took longer than {_caps.TIME_BUDGET:g} s: "
                            "ask for less") from None


# -- endpoints -------------------------------------------------------------------------------------


@router.get("/strategies", summary="The strategy library: rules, traits, parameters")
async def strategies() -> Response:
    return await run(service.strategies)


@router.get("/strategies/{spec:path}", summary="One strategy, e.g. generous-tit-for-tat(q=0.2)")
async def strategy(spec: Annotated[str, Path(max_length=_caps.MAX_SPEC)]) -> Response:
    return await run(service.describe, spec)


@router.get("/games", summary="The game presets with their payoffs and families")
async def games() -> Response:
    return await run(service.games)


@router.get("/games/{spec:path}", summary="A game's family, e.g. 3,0,5,1 or pd(T=6)")
async def game(spec: Annotated[str, Path(max_length=_caps.MAX_GAME_SPEC)]) -> Response:
    return await run(lambda: service.game_info(service.game(spec)))


@router.post("/match", summary="One match, every move (ww.match)")
async def match(req: MatchRequest) -> Response:
    return await run(service.match, req.player_1, req.player_2,
                     **req.length(), noise=req.noise, seed=_seed(req.seed), game_spec=req.game)


@router.post("/tournament", summary="A round robin (ww.tournament)")
async def tournament(req: TournamentRequest) -> Response:
    return await run(service.tournament, req.strategies,
                     **req.settings(), exact=req.exact)


@router.post("/tournament/replay", summary="One match of a tournament, move by move")
async def replay(req: ReplayRequest) -> Response:
    return await run(service.replay, req.strategies, req.player,
                     req.opponent, req.repetition, **req.settings())


@router.post("/payoffs", summary="Exact expected payoffs of memory-one strategies")
async def payoffs(req: PayoffsRequest) -> Response:
    return await run(service.payoffs, req.strategies, **req.length(None),
                     noise=req.noise, game_spec=req.game)


@router.post("/evolve", summary="Generational evolution of 'The Evolution of Trust'")
async def evolve(req: EvolveRequest) -> Response:
    return await run(service.evolve, req.population,
                     generations=req.generations, turns=req.turns, replace=req.replace,
                     noise=req.noise, seed=_seed(req.seed), game_spec=req.game)


@router.post("/moran", summary="A Moran process (ww.evolution.moran)")
async def moran(req: MoranRequest) -> Response:
    return await run(service.moran, req.population, **req.length(10),
                     w=req.w, generations=req.generations, mutation=req.mutation,
                     noise=req.noise, seed=_seed(req.seed), game_spec=req.game, exact=req.exact)


@router.post("/replicator", summary="Replicator dynamics (ww.evolution.replicator)")
async def replicator(req: ReplicatorRequest) -> Response:
    return await run(service.replicator, req.shares, **req.length(10),
                     time=req.time, points=req.points, noise=req.noise, seed=_seed(req.seed),
                     game_spec=req.game, exact=req.exact)


@router.post("/play", summary="The Play page: your moves so far against the hidden opponent")
async def play(req: PlayRequest) -> Response:
    return await run(service.play, req.moves, game_number=req.game_number,
                     turns=req.turns, prob_end=req.prob_end, noise=req.noise, seed=req.seed,
                     game_spec=req.game)


@router.post("/horizon", summary="Short run, long run: when exploiting stops paying")
async def horizon(req: HorizonRequest) -> Response:
    return await run(service.horizon, exploiter=req.exploiter,
                     reciprocator=req.reciprocator, power=req.power, turns=req.turns,
                     prob_end=req.prob_end, noise=req.noise, seed=_seed(req.seed))


@router.get("/scenario/examples", summary="The shipped scenario examples, with their answers")
async def scenario_examples() -> Response:
    return await run(service.scenario_examples)


@router.post("/scenario", summary="Your situation as a game: the brief for a set of answers "
             "(ww.scenario)")
async def scenario(req: ScenarioRequest,
                   format: Annotated[Literal["json", "markdown", "html"], Query(
                       description="json: the brief's sections and every number, with its "
                       "Markdown; markdown or html: the brief alone (html: self-contained, "
                       "with pictures)")] = "json") -> Response:
    return await run(service.scenario, req.answers(), format=format)
