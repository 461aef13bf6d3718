"""Trained and evolved strategies published as data: lookup tables and finite-state machines.

The tables are facts transcribed from their publications as shipped by Axelrod-Python 4.14
(pattern strings in its canonical key order, which is also ours: own moves, then the
opponent's, then the opponent's first moves, oldest first, D = 1, most significant first).
Each is a named, fixed :class:`LookupTable` or :class:`FiniteStateMachine`, so it runs on the
compiled engine like any table strategy.
"""

from __future__ import annotations

from winwin.strategies._base import Param, Strategy
from winwin.strategies.lookup import LookupTable
from winwin.strategies.machines import FiniteStateMachine

# (slug, display name, own depth, opponent depth, openings, initial moves, table, citation)
LOOKUPS = [
    ('evolved-lookerup-1-1-1', 'EvolvedLookerUp1_1_1', 1, 1, 1, 'C',
     [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('evolved-lookerup-2-2-2', 'EvolvedLookerUp2_2_2', 2, 2, 2, 'CC',
     [1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('winner-12', 'Winner12', 1, 2, 0, 'CC',
     [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
     'Mathieu & Delahaye (2015), Proc. AAMAS (New winning strategies for the IPD)'),
    ('winner-21', 'Winner21', 1, 2, 0, 'DC',
     [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0],
     'Mathieu & Delahaye (2015), Proc. AAMAS (New winning strategies for the IPD)'),
    ('pso-gambler-mem-1', 'PSO Gambler Mem1', 1, 1, 0, 'C',
     [1.0, 0.52173487, 0.0, 0.12050939],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('pso-gambler-1-1-1', 'PSO Gambler 1_1_1', 1, 1, 1, 'C',
     [1.0, 1.0, 0.12304797, 0.57740178, 0.0, 0.0, 0.13581423, 0.11886807],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('pso-gambler-2-2-2', 'PSO Gambler 2_2_2', 2, 2, 2, 'CC',
     [1.0, 1.0, 1.0, 0.0, 1.0, 0.95280465, 0.0, 0.0, 0.0, 0.80897541, 0.0, 0.0, 0.02126434, 0.0, 0.43278586, 0.0, 0.0, 0.0, 1.0, 0.15140743, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.23563137, 0.0, 0.0, 0.65147565, 1.0, 0.0, 0.0, 0.15412392, 1.0, 0.0, 0.0, 0.24922166, 1.0, 0.0, 0.0, 0.0, 0.00227615, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.77344942, 1.0, 0.24523149, 1.0, 0.0],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('pso-gambler-2-2-2-noise-05', 'PSO Gambler 2_2_2 Noise 05', 2, 2, 2, 'CC',
     [1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.98603825, 1.0, 1.0, 0.0, 0.0, 0.16240799, 0.63548102, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.13863175, 0.06434619, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.7724137, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.50999729, 1.0, 0.0, 0.0, 0.00524508, 0.87463905, 0.0, 0.07127653, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.28124022, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('zd-mem-2', 'ZD-Mem2', 2, 2, 0, 'CC',
     [0.9166666666666666, 0.36363636363636365, 0.7777777777777778, 0.1, 0.8333333333333334, 0.2727272727272727, 0.7777777777777778, 0.1, 0.6666666666666666, 0.09090909090909091, 0.7777777777777778, 0.1, 0.75, 0.18181818181818182, 0.7777777777777778, 0.1],
     'Li (2014), University of Chicago REU paper (ZD-Mem2)'),
]

# (slug, display name, initial state, initial move, transitions, citation)
MACHINES = [
    ('evolved-fsm-16', 'Evolved FSM 16', 0, 'C',
     [(0, 'C', 0, 'C'), (0, 'D', 12, 'D'), (1, 'C', 3, 'D'), (1, 'D', 6, 'C'), (2, 'C', 2, 'D'), (2, 'D', 14, 'D'), (3, 'C', 3, 'D'), (3, 'D', 3, 'D'), (5, 'C', 12, 'D'), (5, 'D', 10, 'D'), (6, 'C', 5, 'C'), (6, 'D', 12, 'D'), (7, 'C', 3, 'D'), (7, 'D', 1, 'C'), (8, 'C', 5, 'C'), (8, 'D', 5, 'C'), (10, 'C', 11, 'D'), (10, 'D', 8, 'C'), (11, 'C', 15, 'D'), (11, 'D', 5, 'D'), (12, 'C', 8, 'C'), (12, 'D', 11, 'D'), (13, 'C', 13, 'D'), (13, 'D', 7, 'D'), (14, 'C', 13, 'D'), (14, 'D', 13, 'D'), (15, 'C', 15, 'D'), (15, 'D', 2, 'C')],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('evolved-fsm-16-noise-05', 'Evolved FSM 16 Noise 05', 0, 'C',
     [(0, 'C', 8, 'C'), (0, 'D', 3, 'D'), (1, 'C', 13, 'C'), (1, 'D', 15, 'D'), (2, 'C', 12, 'C'), (2, 'D', 3, 'D'), (3, 'C', 10, 'C'), (3, 'D', 3, 'D'), (4, 'C', 5, 'D'), (4, 'D', 4, 'D'), (5, 'C', 4, 'D'), (5, 'D', 10, 'D'), (6, 'C', 8, 'C'), (6, 'D', 6, 'D'), (8, 'C', 2, 'C'), (8, 'D', 4, 'D'), (10, 'C', 4, 'D'), (10, 'D', 1, 'D'), (11, 'C', 14, 'D'), (11, 'D', 13, 'C'), (12, 'C', 13, 'C'), (12, 'D', 2, 'C'), (13, 'C', 13, 'C'), (13, 'D', 6, 'C'), (14, 'C', 3, 'D'), (14, 'D', 13, 'D'), (15, 'C', 5, 'D'), (15, 'D', 11, 'C')],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('evolved-fsm-4', 'Evolved FSM 4', 0, 'C',
     [(0, 'C', 0, 'C'), (0, 'D', 2, 'D'), (1, 'C', 3, 'D'), (1, 'D', 0, 'C'), (2, 'C', 2, 'D'), (2, 'D', 1, 'C'), (3, 'C', 3, 'D'), (3, 'D', 1, 'D')],
     'Harper et al. (2017), PLoS ONE 12:e0188046 (tables as shipped by Axelrod-Python 4.14)'),
    ('evolved-fsm-6', 'Evolved FSM 6', 4, 'C',
     [(2, 'C', 2, 'D'), (2, 'D', 7, 'D'), (3, 'C', 6, 'D'), (3, 'D', 4, 'C'), (4, 'C', 4, 'C'), (4, 'D', 6, 'D'), (5, 'C', 2, 'D'), (5, 'D', 7, 'D'), (6, 'C', 3, 'C'), (6, 'D', 5, 'D'), (7, 'C', 2, 'C'), (7, 'D', 3, 'D')],
     "Vincent & Fryer, trained with axelrod-dojo (Axelrod-Python 4.14's EvolvedFSM6)"),
    ('fortress-3', 'Fortress3', 1, 'D',
     [(1, 'C', 1, 'D'), (1, 'D', 2, 'D'), (2, 'C', 1, 'D'), (2, 'D', 3, 'C'), (3, 'C', 3, 'C'), (3, 'D', 1, 'D')],
     'Ashlock & Ashlock (2006), Proc. IEEE Congress on Evolutionary Computation'),
    ('fortress-4', 'Fortress4', 1, 'D',
     [(1, 'C', 1, 'D'), (1, 'D', 2, 'D'), (2, 'C', 1, 'D'), (2, 'D', 3, 'D'), (3, 'C', 1, 'D'), (3, 'D', 4, 'C'), (4, 'C', 4, 'C'), (4, 'D', 1, 'D')],
     'Ashlock & Ashlock (2006), Proc. IEEE Congress on Evolutionary Computation'),
    ('predator', 'Predator', 0, 'C',
     [(0, 'C', 0, 'D'), (0, 'D', 1, 'D'), (1, 'C', 2, 'D'), (1, 'D', 3, 'D'), (2, 'C', 4, 'C'), (2, 'D', 3, 'D'), (3, 'C', 5, 'D'), (3, 'D', 4, 'C'), (4, 'C', 2, 'C'), (4, 'D', 6, 'D'), (5, 'C', 7, 'D'), (5, 'D', 3, 'D'), (6, 'C', 7, 'C'), (6, 'D', 7, 'D'), (7, 'C', 8, 'D'), (7, 'D', 7, 'D'), (8, 'C', 8, 'D'), (8, 'D', 6, 'D')],
     'Ashlock & Ashlock (2006), Proc. IEEE Congress on Evolutionary Computation'),
    ('pun-1', 'Pun1', 1, 'D',
     [(1, 'C', 2, 'C'), (1, 'D', 2, 'C'), (2, 'C', 1, 'C'), (2, 'D', 1, 'D')],
     'Ashlock, Kim & Leahy (2006), IEEE Trans. Systems, Man & Cybernetics C 36'),
    ('raider', 'Raider', 0, 'D',
     [(0, 'C', 2, 'D'), (0, 'D', 2, 'D'), (1, 'C', 1, 'C'), (1, 'D', 1, 'D'), (2, 'C', 0, 'D'), (2, 'D', 3, 'C'), (3, 'C', 0, 'D'), (3, 'D', 1, 'C')],
     'Ashlock, Tsang & Ashlock (2014), Proc. IEEE FOCI'),
    ('ripoff', 'Ripoff', 1, 'D',
     [(1, 'C', 2, 'C'), (1, 'D', 3, 'C'), (2, 'C', 1, 'D'), (2, 'D', 3, 'C'), (3, 'C', 3, 'C'), (3, 'D', 3, 'D')],
     'Ashlock & Kim (2008), IEEE Trans. Evol. Comp. 12:647-659'),
    ('solution-b1', 'SolutionB1', 1, 'D',
     [(1, 'C', 2, 'D'), (1, 'D', 1, 'D'), (2, 'C', 2, 'C'), (2, 'D', 3, 'C'), (3, 'C', 3, 'C'), (3, 'D', 3, 'C')],
     'Ashlock, Brown & Hingston (2015), IEEE Trans. Comp. Intel. AI Games'),
    ('solution-b5', 'SolutionB5', 1, 'D',
     [(1, 'C', 2, 'C'), (1, 'D', 6, 'D'), (2, 'C', 2, 'C'), (2, 'D', 3, 'D'), (3, 'C', 6, 'C'), (3, 'D', 1, 'D'), (4, 'C', 3, 'C'), (4, 'D', 6, 'D'), (5, 'C', 5, 'D'), (5, 'D', 4, 'D'), (6, 'C', 3, 'C'), (6, 'D', 5, 'D')],
     'Ashlock, Brown & Hingston (2015), IEEE Trans. Comp. Intel. AI Games'),
    ('tf1', 'TF1', 0, 'C',
     [(0, 'C', 7, 'C'), (0, 'D', 1, 'C'), (1, 'C', 11, 'D'), (1, 'D', 11, 'D'), (2, 'C', 8, 'D'), (2, 'D', 8, 'C'), (3, 'C', 3, 'C'), (3, 'D', 12, 'D'), (4, 'C', 6, 'C'), (4, 'D', 3, 'C'), (5, 'C', 11, 'C'), (5, 'D', 8, 'D'), (6, 'C', 13, 'D'), (6, 'D', 14, 'C'), (7, 'C', 4, 'D'), (7, 'D', 2, 'D'), (8, 'C', 14, 'D'), (8, 'D', 8, 'D'), (9, 'C', 0, 'C'), (9, 'D', 10, 'D'), (10, 'C', 8, 'C'), (10, 'D', 15, 'C'), (11, 'C', 6, 'D'), (11, 'D', 5, 'D'), (12, 'C', 6, 'D'), (12, 'D', 9, 'D'), (13, 'C', 9, 'D'), (13, 'D', 8, 'D'), (14, 'C', 8, 'D'), (14, 'D', 13, 'D'), (15, 'C', 4, 'C'), (15, 'D', 5, 'C')],
     'Knight, Harper, Glynatsi & Campbell (2018), PLoS ONE 13:e0204981 (trained FSM)'),
    ('tf2', 'TF2', 0, 'C',
     [(0, 'C', 13, 'D'), (0, 'D', 12, 'D'), (1, 'C', 3, 'D'), (1, 'D', 4, 'D'), (2, 'C', 14, 'D'), (2, 'D', 9, 'D'), (3, 'C', 0, 'C'), (3, 'D', 1, 'D'), (4, 'C', 1, 'D'), (4, 'D', 2, 'D'), (7, 'C', 12, 'D'), (7, 'D', 2, 'D'), (8, 'C', 7, 'D'), (8, 'D', 9, 'D'), (9, 'C', 8, 'D'), (9, 'D', 0, 'D'), (10, 'C', 2, 'C'), (10, 'D', 15, 'C'), (11, 'C', 7, 'D'), (11, 'D', 13, 'D'), (12, 'C', 3, 'C'), (12, 'D', 8, 'D'), (13, 'C', 7, 'C'), (13, 'D', 10, 'D'), (14, 'C', 10, 'D'), (14, 'D', 7, 'D'), (15, 'C', 15, 'C'), (15, 'D', 11, 'D')],
     'Knight, Harper, Glynatsi & Campbell (2018), PLoS ONE 13:e0204981 (trained FSM)'),
    ('tf3', 'TF3', 0, 'C',
     [(0, 'C', 0, 'C'), (0, 'D', 3, 'C'), (1, 'C', 5, 'D'), (1, 'D', 0, 'C'), (2, 'C', 3, 'C'), (2, 'D', 2, 'D'), (3, 'C', 4, 'D'), (3, 'D', 6, 'D'), (4, 'C', 3, 'C'), (4, 'D', 1, 'D'), (5, 'C', 6, 'C'), (5, 'D', 3, 'D'), (6, 'C', 6, 'D'), (6, 'D', 6, 'D'), (7, 'C', 7, 'D'), (7, 'D', 5, 'C')],
     'Knight, Harper, Glynatsi & Campbell (2018), PLoS ONE 13:e0204981 (trained FSM)'),
    ('thumper', 'Thumper', 1, 'C',
     [(1, 'C', 1, 'C'), (1, 'D', 2, 'D'), (2, 'C', 1, 'D'), (2, 'D', 1, 'D')],
     'Ashlock & Kim (2008), IEEE Trans. Evol. Comp. 12:647-659'),
    ('usually-cooperates', 'UsuallyCooperates', 1, 'C',
     [(1, 'C', 1, 'C'), (1, 'D', 2, 'C'), (2, 'C', 1, 'D'), (2, 'D', 1, 'C')],
     'Ashlock, Kim & Ashlock (2009), IEEE Trans. Comp. Intel. AI Games 1:154-167'),
    ('usually-defects', 'UsuallyDefects', 1, 'D',
     [(1, 'C', 2, 'D'), (1, 'D', 1, 'D'), (2, 'C', 1, 'D'), (2, 'D', 1, 'C')],
     'Ashlock, Kim & Ashlock (2009), IEEE Trans. Comp. Intel. AI Games 1:154-167'),
]


def _relabel(rows: list[tuple[int, str, int, str]], start: int
             ) -> tuple[tuple[tuple[int, str, int, str], ...], int]:
    """Number the states 0, 1, 2, ... (published machines skip labels)."""
    labels = sorted({r[0] for r in rows})
    new = {old: k for k, old in enumerate(labels)}
    return tuple((new[a], m, new[b], x) for a, m, b, x in rows), new[start]


def _fixed(base: type[Strategy], slug: str, name: str, values: dict[str, object],
           citation: str, rule: str) -> type:
    params = tuple(Param(p.name, p.kind, values.get(p.name, p.default), p.doc, p.low, p.high,
                         p.length) for p in base.params)
    cls = type(name.replace(" ", "").replace("-", "").replace("_", ""), (base,), {
        "slug": slug, "name": name, "citation": citation, "rule": rule, "params": params,
        "aliases": (), "__module__": __name__})
    globals()[cls.__name__] = cls  # a module attribute, so that instances pickle
    return cls


for _slug, _name, _a, _b, _c, _init, _table, _cite in LOOKUPS:
    _kind = "probabilities of cooperating" if any(0 < x < 1 for x in _table) else "moves"
    _fixed(LookupTable, _slug, _name,
           {"own_depth": _a, "opp_depth": _b, "openings": _c, "initial": _init,
            "table": tuple(_table)}, _cite,
           f"A published lookup table of {_kind}: opens {_init}, then looks up its own last "
           f"{_a} and the opponent's last {_b} moves" + (f" and the opponent's first {_c} moves"
                                                        if _c else "") + ".")

for _slug, _name, _start, _move, _rows, _cite in MACHINES:
    _trans, _s0 = _relabel(_rows, _start)
    _fixed(FiniteStateMachine, _slug, _name,
           {"transitions": _trans, "initial_state": _s0, "initial_move": _move}, _cite,
           f"A published finite-state machine with {len(_trans) // 2} states: opens {_move}, "
           "then each turn moves between states on the opponent's last move and plays what "
           "the transition says.")
