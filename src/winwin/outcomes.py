"""The outcome vocabulary, defined once: names, words, moves and colours.

Outcomes are seen from a player's own side: CC is **win-win**, DC **win-lose** (I defect, you
cooperate), CD **lose-win**, DD **lose-lose**. The engine counts them in the order of its bits
(own move, opponent's move): CC, CD, DC, DD. Everything that shows outcomes (JSON, tables,
pictures, reports, the web pages) lists them in the order of :data:`ORDER` and takes its words and
colours from here.

>>> [WORDS[k] for k in ORDER]
['win-win', 'win-lose', 'lose-win', 'lose-lose']
>>> ENGINE_ORDER[COLUMN["win_lose"]]
'win_lose'
"""

from __future__ import annotations

#: Outcome names in the engine's column order (CC, CD, DC, DD from a player's own side).
ENGINE_ORDER = ("win_win", "lose_win", "win_lose", "lose_lose")
#: The order in which every face lists outcomes (and the JSON contract names them).
ORDER = ("win_win", "win_lose", "lose_win", "lose_lose")
#: Engine column of each outcome.
COLUMN = {name: k for k, name in enumerate(ENGINE_ORDER)}
#: The same outcome seen from the other player's side.
MIRROR = {"win_win": "win_win", "win_lose": "lose_win", "lose_win": "win_lose",
          "lose_lose": "lose_lose"}
#: Own move, opponent's move.
MOVES = {"win_win": "CC", "win_lose": "DC", "lose_win": "CD", "lose_lose": "DD"}
BY_MOVES = {moves: name for name, moves in MOVES.items()}
WORDS = {name: name.replace("_", "-") for name in ORDER}
LABELS = {name: f"{WORDS[name]} ({MOVES[name]})" for name in ORDER}
#: What each outcome means, in a few words, from the player's side.
MEANINGS = {"win_win": "both cooperated", "win_lose": "it defected on a cooperator",
            "lose_win": "it was exploited", "lose_lose": "both defected"}
#: Colour-blind-safe colours (Okabe & Ito 2008), the same in every picture and page.
COLOURS = {
    "win_win": "#009E73",  # bluish green
    "win_lose": "#E69F00",  # orange: I defected on a cooperator
    "lose_win": "#56B4E9",  # sky blue: I was exploited
    "lose_lose": "#D55E00",  # vermillion
}

__all__ = ["BY_MOVES", "COLOURS", "COLUMN", "ENGINE_ORDER", "LABELS", "MEANINGS", "MIRROR",
           "MOVES", "ORDER", "WORDS"]
