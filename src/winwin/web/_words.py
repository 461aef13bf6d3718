"""The playground's sentences that the server writes (the pages' own words are in the
templates); outcome words come from :mod:`winwin.outcomes`.

>>> family_name("stag-hunt")
'Stag Hunt'
>>> opponent_thinking(["CC", "CD"], "CC")
'It defected although you cooperated. A test, a mistake, or the start of a habit?'
"""

from __future__ import annotations

FAMILY_NAMES = {
    "prisoners-dilemma": "Prisoner's Dilemma",
    "stag-hunt": "Stag Hunt",
    "chicken": "Chicken (Snowdrift)",
    "harmony": "Harmony",
    "deadlock": "Deadlock",
    "coordination": "Coordination",
    "battle-of-the-sexes": "Battle of the Sexes",
    "degenerate": "a game with tied payoffs",
}


def family_name(family: str) -> str:
    return FAMILY_NAMES.get(family, family)


def opponent_thinking(actions: list[str], chosen: str) -> str:
    """A guess at what the other side may be thinking, read from the moves so far (each
    action is (your move, its move) as played)."""
    if not actions:
        return "It is waiting to see what you do."
    you, it = actions[-1][0], actions[-1][1]
    flipped = chosen and actions[-1][0] != chosen[-1]
    if len(actions) >= 2:
        before = actions[-2][0]
        if it == before and len(actions) >= 3 and all(a[1] == b[0] for a, b in
                                                        zip(actions[1:], actions[:-1], strict=True)):
            return "It has copied your previous move every time so far."
    cheats = sum(a[1] == "D" for a in actions)
    if cheats == 0:
        return ("It has cooperated every time." if len(actions) > 1 else
                "It cooperated. Trusting, or testing you?")
    if cheats == len(actions):
        return "It has defected every time so far."
    if flipped:
        return "A mistake flipped your move: it saw you defect. How will it take it?"
    if it == "D" and you == "C":
        return "It defected although you cooperated. A test, a mistake, or the start of a habit?"
    if it == "C" and you == "D":
        return "It cooperated while you defected: it trusted you, this time."
    if it == "D":
        return "Both of you defected: lose-lose."
    return "Both of you cooperated: win-win."


def horizon_verdict(exploiter: str, reciprocator: str, stops: int | None, mean: float) -> str:
    if stops is None:
        return (f"Within this horizon exploiting pays: {exploiter} stays ahead of "
                f"{reciprocator}. A longer relationship, or less power, turns it round.")
    if stops <= 1:
        return f"Exploiting never pays here: {reciprocator} is ahead from the first turn."
    where = "before" if stops <= mean else "after"
    return (f"Exploiting pays for the first {stops - 1} turns only; from turn {stops} on "
            f"{reciprocator} is ahead, {where} the expected end of the relationship "
            f"(turn {mean:g}).")
