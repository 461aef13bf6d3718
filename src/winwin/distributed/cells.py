"""One cell, computed by the plain public API with the cell's seed, into one row of a fixed
schema (so a cell on a Dask worker equals the same call made by hand, bit for bit)."""

from __future__ import annotations

import json
from typing import Any

from winwin.distributed.design import EXPERIMENTS, Cell, players

__all__ = ["MEASURES", "run_cell", "schema"]

_PLAYER_SCORES = "list<item: struct<player: string, score: double, rank: int32, cooperation: double>>"
_SHARES = "list<item: struct<player: string, share: double>>"
#: Each experiment's measures, as (column, pyarrow type name).
MEASURES: dict[str, list[tuple[str, str]]] = {
    "tournament": [("winner", "string"), ("winner_score", "double"), ("mean_score", "double"),
                   ("cooperation", "double"), ("win_win", "double"), ("win_lose", "double"),
                   ("lose_win", "double"), ("lose_lose", "double"),
                   ("scores", _PLAYER_SCORES)],
    "match": [("score_1", "double"), ("score_2", "double"), ("cooperation_1", "double"),
              ("cooperation_2", "double"), ("win_win", "double"), ("win_lose", "double"),
              ("lose_win", "double"), ("lose_lose", "double"), ("winner", "string"),
              ("turns_played", "int64")],
    "moran": [("winner", "string"), ("generations_run", "double"),
              ("final", "list<item: struct<player: string, count: int64>>")],
    "fixation": [("probability", "double"), ("standard_error", "double"),
                 ("exact", "double"), ("fixed_runs", "int64")],
    "replicator": [("winner", "string"), ("winner_share", "double"), ("final", _SHARES)],
    "generational": [("winner", "string"),
                     ("final", "list<item: struct<player: string, count: int64>>")],
    "spatial": [("cooperators", "double"), ("final", _SHARES)],
}
_SETTING_TYPES = {"int": "int64", "float": "double", "bool": "bool", "word": "string",
                  "game": "string", "strategy": "string", "players": "string",
                  "population": "string"}


def schema(experiment: str) -> Any:
    """The pyarrow schema of an experiment's rows: id, seed, every setting, every measure."""
    import pyarrow as pa

    def typ(name: str) -> Any:
        simple = {"string": pa.string(), "double": pa.float64(), "int64": pa.int64(),
                  "int32": pa.int32(), "bool": pa.bool_()}
        if name in simple:
            return simple[name]
        if name == _PLAYER_SCORES:
            return pa.list_(pa.struct([("player", pa.string()), ("score", pa.float64()),
                                       ("rank", pa.int32()), ("cooperation", pa.float64())]))
        if name == _SHARES:
            return pa.list_(pa.struct([("player", pa.string()), ("share", pa.float64())]))
        return pa.list_(pa.struct([("player", pa.string()), ("count", pa.int64())]))

    fields = [("cell_id", pa.string()), ("experiment", pa.string()), ("seed", pa.int64())]
    fields += [(k, typ(_SETTING_TYPES[v])) for k, v in EXPERIMENTS[experiment].items()]
    fields += [(k, typ(t)) for k, t in MEASURES[experiment]]
    return pa.schema(fields)


def run_cell(cell: Cell) -> dict[str, Any]:
    """The cell's row: its id, seed, settings and measures."""
    import winwin as ww
    from winwin import evolution as ev

    p = dict(cell.params)
    row: dict[str, Any] = {"cell_id": cell.id, "experiment": cell.experiment, "seed": cell.seed}
    for key in EXPERIMENTS[cell.experiment]:
        value = p.get(key)
        row[key] = json.dumps(value) if key == "players" and value is not None else value
    if cell.experiment == "tournament":
        r = ww.tournament(players(p.get("players", "classic")), turns=p.get("turns"),
                          prob_end=p.get("prob_end"), repetitions=p.get("repetitions"),
                          noise=p.get("noise"), game=p.get("game"), self_play=p.get("self_play"),
                          seed=cell.seed, progress=False)
        top = int(r.order[0])
        rank = {int(i): k for k, i in enumerate(r.order, start=1)}
        row.update(winner=r.players[top], winner_score=float(r.score_array[top]),
                   mean_score=float(r.score_array.mean()),
                   cooperation=float(r.cooperation_array.mean()), **r.outcomes,
                   scores=[{"player": r.players[i], "score": float(r.score_array[i]),
                            "rank": rank[i], "cooperation": float(r.cooperation_array[i])}
                           for i in range(r.n_players)])
    elif cell.experiment == "match":
        m = ww.match(p["player_1"], p["player_2"], turns=p.get("turns"),
                     prob_end=p.get("prob_end"), noise=p.get("noise", 0.0),
                     game=p.get("game", "pd"), seed=cell.seed)
        row.update(score_1=m.mean_scores[0], score_2=m.mean_scores[1],
                   cooperation_1=m.cooperation[0], cooperation_2=m.cooperation[1],
                   **m.outcomes, winner=m.winner, turns_played=m.turns)
    elif cell.experiment == "moran":
        table = ev.payoff_table(players(p["players"]), turns=p.get("turns"),
                                noise=p.get("noise", 0.0), game=p.get("game", "pd"),
                                seed=cell.seed)
        mr = ev.moran(table, p.get("population", 100), w=p.get("w"),
                      mutation=p.get("mutation", 0.0), generations=p.get("generations"),
                      process=p.get("process", "birth-death"), seed=cell.seed,
                      record_every=10**9)
        row.update(winner=mr.winner, generations_run=mr.steps / mr.population,
                   final=[{"player": name, "count": int(c)}
                          for name, c in zip(mr.players, mr.trajectory[-1], strict=True)])
    elif cell.experiment == "replicator":
        table = ev.payoff_table(players(p["players"]), turns=p.get("turns"),
                                prob_end=p.get("prob_end"), noise=p.get("noise", 0.0),
                                game=p.get("game", "pd"), seed=cell.seed)
        dr = ev.replicator(table, time=p.get("time", 100.0))
        last = dr.shares[-1]
        top = int(last.argmax())
        row.update(winner=dr.players[top], winner_share=float(last[top]),
                   final=[{"player": n, "share": float(x)}
                          for n, x in zip(dr.players, last, strict=True)])
    elif cell.experiment == "generational":
        from winwin.spec import parse_population

        names, counts = parse_population(p["population"], int)
        gr = ev.evolve(list(zip(names, counts or [], strict=True)),
                       generations=p.get("generations", 20), turns=p.get("turns"),
                       replace=p.get("replace", 5), noise=p.get("noise", 0.0),
                       game=p.get("game", "trust"), seed=cell.seed)
        row.update(winner=gr.winner, final=[{"player": n, "count": int(c)} for n, c in
                                            zip(gr.players, gr.trajectory[-1], strict=True)])
    elif cell.experiment == "spatial":
        sr = ev.nowak_may(p.get("size", 50), p.get("b", 1.85),
                          defectors=p.get("defectors", 0.1),
                          generations=p.get("generations", 50),
                          neighbourhood=p.get("neighbourhood", "moore"),
                          update=p.get("update", "synchronous"), seed=cell.seed, max_frames=1)
        last = sr.shares[-1]
        row.update(cooperators=float(last[0]),
                   final=[{"player": n, "share": float(x)}
                          for n, x in zip(sr.players, last, strict=True)])
    else:
        table = ev.payoff_table([p["mutant"], p["resident"]], turns=p.get("turns"),
                                noise=p.get("noise", 0.0), game=p.get("game", "pd"),
                                seed=cell.seed)
        f = ev.fixation(table, p.get("population", 10), runs=p.get("runs", 1000),
                        w=p.get("w"), process=p.get("process", "birth-death"), seed=cell.seed)
        row.update(probability=f.probability, standard_error=f.standard_error,
                   exact=f.exact, fixed_runs=int(f.fixed))
    return row
