"""Scripted play: each rule turn by turn against a scripted opponent, on both engine paths.

Expected moves are derived by hand from the rule text (see each strategy's ``rule``).
"""

from __future__ import annotations

import pytest

from helpers import play_script

SCRIPTS = [
    ("cooperator", "DDDD", "CCCC"),
    ("defector", "CCCC", "DDDD"),
    ("random(p=1)", "DDD", "CCC"),
    ("random(p=0)", "CCC", "DDD"),
    ("alternator", "DDDDD", "CDCDC"),
    ("tit-for-tat", "CDDCD", "CCDDC"),
    ("suspicious-tit-for-tat", "CDDCD", "DCDDC"),
    # D only after two opponent defections in a row; before the start counts as C
    ("tit-for-two-tats", "DDCDDD", "CCDCCD"),
    # D after a defection in either of the last two turns
    ("two-tits-for-tat", "DCCCDC", "CDDCCD"),
    # D after a defection in any of the last three turns
    ("hard-tit-for-tat", "DCCCCDC", "CDDDCCD"),
    ("grudger", "CCDCCC", "CCCDDD"),
    # win-stay lose-shift: C first; (C,C) stay C; (C,D) shift to D; (D,D) shift to C; (C,C) stay
    ("win-stay-lose-shift", "CDDCC", "CCDCC"),
    ("generous-tit-for-tat(q=0)", "CDDCD", "CCDDC"),
    ("generous-tit-for-tat(q=1)", "DDDD", "CCCC"),
    # firm but fair: (C,C) -> C, (C,D) -> D, (D,C) -> C
    ("firm-but-fair", "CDCD", "CCDC"),
    ("bully", "CDCD", "DDCD"),
    ("anti-tit-for-tat", "CDCD", "CDCD"),
    ("cycler(pattern=CCD)", "DDDDDDD", "CCDCCDC"),
    ("cycler(pattern=DC)", "CCCC", "DCDC"),
    # detective: C D C C, then always D if never cheated ...
    ("detective", "CCCCCC", "CDCCDD"),
    # ... or tit-for-tat if cheated during the opening
    ("detective", "CCDCDC", "CDCCCD"),
    # prober: D C C, then D forever if the opponent cooperated on turns 2 and 3 ...
    ("prober", "CCCCC", "DCCDD"),
    # ... else tit-for-tat
    ("prober", "CDCCC", "DCCCC"),
    ("prober", "CCDCD", "DCCDC"),
    # soft majority: C while opponent's C count >= its D count
    ("soft-majority", "DCDDC", "CDCDD"),
    # hard majority: D while opponent's D count >= its C count (so D first)
    ("hard-majority", "CCDDD", "DCCCD"),
    # gradual: one D answered by 1 D + 2 C; the next D (2nd overall) by 2 D + 2 C
    ("gradual", "DCCCCCDCCCCC", "CDCCCCCDDCCC"),
    # defections during punishment/calm are counted (4 in all) but start nothing
    ("gradual", "DDDCCDCCCCCCC", "CDCCCCDDDDCCC"),
    ("joss(p=1)", "CDDC", "CCDD"),
    ("joss(p=0)", "CCC", "CDD"),
    # zd-gtft-2 cooperates for sure after CC and DC
    ("zd-gtft-2", "CCC", "CCC"),
    # equalizer defects for sure after being exploited (C,D)
    ("equalizer", "DC", "CD"),
    ("zd-equalizer", "DC", "CD"),
    # the generous ZD family cooperates for sure after CC and after DC
    ("zd-generous", "CCC", "CCC"),
    ("zd-generous(chi=3)", "CCC", "CCC"),
    # the PSO gamblers cooperate for sure after mutual cooperation (table entry 0 is 1.0)
    ("pso-gambler-mem-1", "CCC", "CCC"),
    ("pso-gambler-1-1-1", "CCC", "CCC"),
    ("pso-gambler-2-2-2", "CCCC", "CCCC"),
    ("pso-gambler-2-2-2-noise-05", "CCCC", "CCCC"),
    ("memory-one(p=[1,0,0,1],first=0)", "CCCD", "DDDD"),
    ("memory-one(p=[1,0,0,1],first=1)", "CDDC", "CCDC"),
    ("lookup-table", "CDDC", "CCDD"),
    ("lookup-table(initial=DC)", "DDDC", "DCDD"),
    # a table on (own, opponent) last moves, index own*2 + opp: defect only after (C, D)
    ("lookup-table(own_depth=1,opp_depth=1,table=[1,0,1,1])", "CDDDC", "CCDCD"),
    # opponent's last two moves, bit 0 = last: defect only when the last was C and the one
    # before D (index 0b10 = 2)
    ("lookup-table(opp_depth=2,table=[1,1,0,1])", "DCDCCD", "CCDCDC"),
    ("finite-state-machine", "CDDC", "CCDD"),
    ("stochastic-win-stay-lose-shift(ep=0)", "CDDCC", "CCDCC"),
    ("naive-prober(p=0)", "CDDCD", "CCDDC"),
    # win-shift lose-stay: D first; (D,C) -> C; (C,C) -> D; (D,D) -> D
    ("win-shift-lose-stay", "CCDD", "DCDD"),
    # hard TF2T: D only after two opponent defections in a row within the last three turns
    ("hard-tit-for-two-tats", "DCDCDDC", "CCCCCCD"),
    ("hard-tit-for-two-tats", "DDCCC", "CCDDC"),
    # soft grudger: one D answered by D, D, D, D, C, C
    ("soft-grudger", "DCCCCCCCC", "CDDDDCCCC"),
    ("handshake", "CDCC", "CDCC"),
    ("handshake", "CCCC", "CDDD"),
    ("hard-prober", "CCCCC", "DDCCD"),
    ("hard-prober", "CDCCC", "DDCCC"),
    ("fool-me-once", "DCDCC", "CCCDD"),
    ("opposite-grudger", "DDCDD", "DDDCC"),
    ("aggravater", "CCCCC", "DDDCC"),
    ("aggravater", "CDCCC", "DDDDD"),
    ("spiteful-tit-for-tat", "CDCDDCC", "CCDCDDD"),
    # forgiver: D while the opponent's defections exceed 10% of the turns (1 D in 10 is not)
    ("forgiver", "DCCCCCCCCCCC", "CDDDDDDDDDCC"),
    ("forgiving-tit-for-tat", "DCDCCCCCCCCD", "CDCDCCCCCCCC"),
    ("forgiving-tit-for-tat", "CCCCCCCCCCCDC", "CCCCCCCCCCCCC"),
    # windowed majorities: only the opponent's last N moves count
    ("soft-go-by-majority-5", "DDDCCCDD", "CDDDDDCC"),
    ("hard-go-by-majority-5", "CCDDDC", "DCCCDD"),
    ("soft-go-by-majority-10", "DCDDC", "CDCDD"),
    ("hard-go-by-majority-10", "CCDDD", "DCCCD"),
    ("soft-go-by-majority-20", "DCDDC", "CDCDD"),
    ("hard-go-by-majority-20", "CCDDD", "DCCCD"),
    ("soft-go-by-majority-40", "DCDDC", "CDCDD"),
    ("hard-go-by-majority-40", "CCDDD", "DCCCD"),
    # Axelrod's first tournament: the deterministic stretches of the stochastic entries
    ("grofman", "CCC", "CCC"),
    ("feld(start=1,end=1)", "CDDCD", "CCDDC"),
    ("tullock", "DDDDDDDDDDD", "CCCCCCCCCCC"),
    # Graaskamp: tit-for-tat, D on turn 51, tit-for-tat to 56, then (against a cooperator,
    # neither random nor a copycat nor a twin) at least five cooperations before the
    # scheduled random defections begin
    ("graaskamp", "C" * 61, "C" * 50 + "D" + "C" * 10),
    ("davis", "DCCCCCCCCCCC", "CCCCCCCCCCDD"),
    ("shubik", "DDDDDDDDDD", "CDCDDCDDDC"),
    # transformers: dual plays the opposite of what the rule says on the flipped history
    ("dual(tit-for-tat)", "CDDC", "DDCC"),
    ("dual(dual(tit-for-tat))", "CDDC", "CCDD"),
    # final defects on the last n turns of a match of known length
    ("final(tit-for-tat,n=3)", "CCCCCCCC", "CCCCCDDD"),
    ("initial(tit-for-tat,moves=DDC)", "CCCCC", "DDCCC"),
    ("forgiving(grudger,p=1)", "DCCC", "CCCC"),
    ("noisy(tit-for-tat,e=1)", "CDDC", "DDCC"),
    # the dual of win-stay-lose-shift opens D (WSLS opens C); after its own D against C it
    # sees (C, C), where WSLS stays C, so it plays D; after (D, D) it sees (C, D), where WSLS
    # shifts to D, so it plays C
    ("dual(win-stay-lose-shift)", "CCDD", "DDDC"),
    # a grudger as a machine: state 1 (after a D) never leaves
    ("fsm(transitions=[[0,'C',0,'C'],[0,'D',1,'D'],[1,'C',1,'D'],[1,'D',1,'D']])", "CDCC",
     "CCDD"),
]


@pytest.mark.parametrize("backend", ["python", "compiled"])
@pytest.mark.parametrize("spec,opponent,expected", SCRIPTS)
def test_scripted_play(spec: str, opponent: str, expected: str, backend: str) -> None:
    assert play_script(spec, opponent, backend) == expected


def test_scripts_cover_every_builtin(all_slugs: list[str]) -> None:
    import json
    from pathlib import Path

    from winwin.strategies import get_strategy

    covered = {get_strategy(spec).slug for spec, _, _ in SCRIPTS}
    # deterministic strategies are also played move by move against Axelrod-Python's
    # reference moves (test_reference_vectors)
    vectors = json.loads((Path(__file__).parent / "data" / "axelrod_vectors.json").read_text())
    covered |= {get_strategy(spec.split("@")[0]).slug for spec in vectors if spec != "_source"}
    # no deterministic turn after the first; their tables are checked in test_conformance
    stochastic_only = {"extort-2", "zd-extortion", "zd-mem-2", "anonymous"}
    assert set(all_slugs) - covered <= stochastic_only


def test_contrite_tit_for_tat_accepts_punishment_for_its_own_mistake() -> None:
    from helpers import decisions
    from winwin.strategies import get_strategy

    # its own move on turn 2 was a mistaken D against a cooperator; the opponent (a TFT)
    # answers with D on turn 3; contrite TFT takes that punishment without answering it,
    # where tit-for-tat would start an echo of defections
    own, opp = "CDCC", "CCDC"
    assert decisions(get_strategy("contrite-tit-for-tat"), own, opp) == [1.0, 1.0, 1.0, 1.0]
    assert decisions(get_strategy("tit-for-tat"), own, opp) == [1.0, 1.0, 1.0, 0.0]
    # a defection it did not provoke is answered, as tit-for-tat does
    assert decisions(get_strategy("contrite-tit-for-tat"), "CCC", "CDC") == [1.0, 1.0, 0.0]
