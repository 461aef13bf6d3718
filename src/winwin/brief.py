"""The brief: a situation's analysis (:mod:`winwin.scenario`) in plain words, in the user's own
words for the parties and options, as text, Markdown or a self-contained HTML page with
pictures. Every number in it comes from the :class:`~winwin.scenario.Analysis`.

>>> import winwin as ww
>>> b = ww.scenario(example="neighbours")
>>> b.sections[0].title
'The game'
>>> "fence" in b.text()
True
"""

from __future__ import annotations

import html
import types
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin.text import plural

__all__ = ["Brief", "MODEL_LIMITS", "QUESTIONS", "QUESTIONS_OF_THE_ARTICLE", "Section",
           "question"]

#: The questions, by the field their answer fills (the TOML key; errors name it), each with an
#: example, for the terminal questionnaire and the web page alike.
QUESTIONS = {
    "me.name": "Who are you in this (e.g. the buyer)",
    "other.name": "Who is the other side (e.g. the supplier)",
    "me.options": "Your two options, separated by / (e.g. share the forecast / hold it back)",
    "me.cooperative": "Which one is the cooperative one, 1 ({first}) or 2 ({second})",
    "other.options": "{Other}'s two options, the cooperative one first",
    "me.ranking": "Rank them for you, best first, as four numbers (or 'numbers' to give "
                  "payoffs)",
    "other.ranking": "Rank them for {other}, best first, as four numbers (or 'numbers' to "
                     "give payoffs)",
    "payoff": "  what is outcome {k} worth to {label}? ",
    "known_end": "Do you both know when it ends (y/n)",
    "rounds": "How many more interactions",
    "rounds.expected": "How many more interactions do you expect",
    "mistakes": "How often is a move misread or made by mistake (e.g. 5%)",
    "past.other": "{Other}'s moves so far, oldest first, C = {first!r}, D = the other (Enter "
                  "to skip)",
    "past.me": "Your moves in those rounds",
    "outcomes": "The four outcomes for {label}:",
    "welcome": "Your situation as a game. Press Enter to take the answer in brackets.",
    "again": "  {question}: {allowed}. Please try again.",
}


def question(key: str, **words: Any) -> str:
    """A question's words with the names filled in (``Other``: capitalised)."""
    if "other" in words:
        words["Other"] = words["other"][:1].upper() + words["other"][1:]
    return QUESTIONS[key].format(**words)

#: The article's two closing questions, answered for the situation at the end of every brief.
QUESTIONS_OF_THE_ARTICLE = ("Is this being approached as win-win?",
                            "What would playing for win-win look like here?")

MODEL_LIMITS = (
    "A model of a relationship is a sketch. It keeps two options a side and four outcomes, "
    "while real choices come in degrees and can be talked about, promised and renegotiated. "
    "It takes the rankings as fixed, while trust, fairness and reputation with third parties "
    "change what an outcome is worth. It treats mistakes as random, while some misreadings "
    "are not. And it knows nothing about what you have not told it. Use the numbers to see "
    "which of your answers the advice hangs on, not as a forecast.")

NAMES = {
    "tit-for-tat": "tit-for-tat (do what they did last time)",
    "win-stay-lose-shift": "win-stay lose-shift (keep a move that went well, change one that "
                           "did not)",
    "grudger": "grudger (cooperate until the first double-cross, then never again)",
    "always-defect": "always defect",
    "always-cooperate": "always cooperate",
    "extort-2": "an extortioner (Extort-2)",
}

_FAMILY_TEXT = {
    "prisoners-dilemma": "whatever the other side does, {d} pays {who} more in the moment, yet "
    "both {c_both} beats both {d_both}. Played once, that pull leads to lose-lose; repeated, "
    "the future can pay for cooperation.",
    "deadlock": "{d} pays {who} more whatever the other side does, and both {d_both} beats "
    "both {c_both}: there is no dilemma, nothing to gain by cooperating.",
    "compromise": "{d} pays {who} more whatever the other side does, and both {c_both} is "
    "{whose} worst outcome: no dilemma, the pull to {d} is nothing to resist.",
    "harmony": "{c} pays {who} more whatever the other side does, and both {c_both} is {whose} "
    "best outcome: no dilemma, interests agree.",
    "concord": "{c} pays {who} more whatever the other side does, both {c_both} is {whose} best "
    "outcome, and even cooperating alone beats defecting alone: no dilemma.",
    "peace": "{c} pays {who} more whatever the other side does, both {c_both} is {whose} best "
    "outcome, and exploiting the other is {whose} worst: no dilemma.",
    "stag-hunt": "both {c_both} is {whose} best outcome and there is no temptation to "
    "double-cross a cooperator, but {d} is the safer move: if the other side might not "
    "cooperate, cooperating risks the worst. A question of trust, not of temptation.",
    "coordination": "matching moves are best for {who}, both {c_both} most of all; mismatched "
    "moves are worst. A question of agreeing, then keeping to it.",
    "safe-coordination": "matching moves are best for {who}, both {c_both} most of all, and "
    "defecting alone is the worst: once both cooperate, nobody is tempted.",
    "chicken": "{who} would gain by {d_ing} while the other side gives way, but both {d_both} "
    "is {whose} worst outcome: someone has to give way, and each hopes it is the other.",
    "leader": "mismatched moves are best for {who}: {whose} favourite is to {d} while the other "
    "side cooperates, the next best the reverse. The question is who leads; taking turns is "
    "the win-win.",
    "hero": "mismatched moves are best for {who}, and both {c_both} is {whose} worst outcome: "
    "someone has to step back and let the other have the better deal.",
}


_WITH_ARTICLE = {"chicken": "a game of Chicken", "deadlock": "a Deadlock",
                 "prisoners-dilemma": "a Prisoner's Dilemma", "stag-hunt": "a Stag Hunt"}


def _a(fam: Any) -> str:
    """The family's name with its article: 'a Prisoner's Dilemma', 'a game of Chicken'."""
    return _WITH_ARTICLE.get(fam.slug, f"a {fam.name} game")


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...]
    table: tuple[tuple[str, ...], ...] = ()  # a header row and rows, or empty

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "paragraphs": list(self.paragraphs),
                "table": [list(r) for r in self.table]}


def _pct(x: float) -> str:
    x = float(x)
    if x == 0:
        return "0%"
    if 0 < abs(x) < 0.0001:
        return "less than 0.01%"
    if abs(x) < 0.001:
        return f"{x:.2%}"
    return f"{x:.1%}" if abs(x) < 0.1 else f"{x:.0%}"


def _a_pct(x: float) -> str:
    """'a 96%' or 'an 88%' (read aloud: an eighty-eight)."""
    t = _pct(x)
    return ("an " if t.startswith(("8", "11%", "11.", "18")) else "a ") + t


def _num(x: float) -> str:
    return f"{float(x):.2f}".replace("-0.00", "0.00")


def _q(x: str) -> str:
    return f"\u201c{x}\u201d"


class _Words:
    """The parties and options in the user's words."""

    def __init__(self, answers: Any) -> None:
        self.a = answers
        self.sides = (answers.me, answers.other)
        me = answers.me.name
        self.you = "you" if me.casefold() in ("me", "i", "myself", "you") else f"you ({me})"
        self.them = answers.other.name

    def who(self, side: int) -> str:
        return "you" if side == 0 else self.them

    def whose(self, side: int) -> str:
        return "your" if side == 0 else f"{self.them}'s"

    def opt(self, side: int, move: str) -> str:
        return _q(self.sides[side].option(move))

    def outcome(self, side: int, code: str) -> str:
        """An outcome from ``side``'s view in words: 'you share ... and they squeeze ...'."""
        own, opp = code[0], code[1]
        me, other = (side, 1 - side)
        return (f"{self.who(me)} {self.opt(me, own)}, {self.who(other)} "
                f"{self.opt(other, opp)}")

    def against(self, side: int, code: str) -> str:
        """An outcome as '“cut corners” against “keep to the agreed scope”' (side's move
        first)."""
        return f"{self.opt(side, code[0])} against {self.opt(1 - side, code[1])}"

    def family(self, side: int, fam: Any, capital: bool = True) -> str:
        s = self.sides[side]
        c, d = _q(s.cooperate), _q(s.defect)
        if fam.reversed:  # the family's textbook roles, read with the two options swapped
            c, d = d, c
        text = _FAMILY_TEXT[fam.slug].format(
            who=self.who(side), whose=self.whose(side), c=c, d=d,
            c_both=f"sides doing {c}", d_both=f"sides doing {d}", d_ing=f"doing {d}")
        if capital:
            text = text[0].upper() + text[1:]
        if fam.reversed:
            text = (f"(read with the two options swapped: in {self.whose(side)} ranking {c} "
                    f"plays the part that cooperation plays in {_a(fam)}, and {d} the selfish "
                    "part) " + text)
        return text


@dataclass(frozen=True)
class Brief:
    """The words for an :class:`~winwin.scenario.Analysis`, in sections."""

    analysis: Any
    sections: tuple[Section, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.sections:
            object.__setattr__(self, "sections", tuple(_sections(self.analysis)))

    @property
    def title(self) -> str:
        a = self.analysis.answers
        return a.title or f"{a.me.name} and {a.other.name}"

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "sections": [s.to_dict() for s in self.sections],
                "analysis": self.analysis.to_dict()}

    def text(self) -> str:
        out = [f"Your situation as a game: {self.title}", "=" * min(79, 27 + len(self.title))]
        for s in self.sections:
            out += ["", s.title, "-" * len(s.title)]
            for p in s.paragraphs:
                out += [*_wrap(p), ""]
            if s.table:
                out += [*_text_table(s.table), ""]
        return "\n".join(out).rstrip() + "\n"

    def markdown(self) -> str:
        out = [f"# Your situation as a game: {self.title}"]
        for s in self.sections:
            out += ["", f"## {s.title}", ""]
            for p in s.paragraphs:
                out += [p, ""]
            if s.table:
                out += [*_md_table(s.table), ""]
        return "\n".join(out).rstrip() + "\n"

    def html(self) -> str:
        from winwin import report

        pictures = _pictures(self.analysis)
        body = []
        for s in self.sections:
            body.append(f"<h2>{html.escape(s.title)}</h2>")
            body += [f"<p>{html.escape(p)}</p>" for p in s.paragraphs]
            if s.table:
                head = "".join(f"<th class='name'>{html.escape(c)}</th>" for c in s.table[0])
                rows = "".join("<tr>" + "".join(f"<td class='name'>{html.escape(c)}</td>"
                                                for c in r) + "</tr>" for r in s.table[1:])
                body.append(f"<table><tr>{head}</tr>{rows}</table>")
            if s.title in pictures:
                body.append(report._img(pictures[s.title], s.title))
        a = self.analysis.answers
        sub = (f"{a.me.name} and {a.other.name}: {_horizon(a)}; mistakes {_pct(a.mistakes)}")
        return report._page(f"Your situation as a game: {self.title}", sub, "".join(body))


def _wrap(p: str, width: int = 92) -> list[str]:
    import textwrap

    return textwrap.wrap(p, width) or [""]


def _text_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def _md_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    def line(r: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in r) + " |"

    return [line(rows[0]), "|" + "---|" * len(rows[0]), *(line(r) for r in rows[1:])]


def _horizon(a: Any) -> str:
    n = a.rounds
    if a.known_end or n == 1:
        return f"{plural(int(n), 'more round', 'more rounds')}, with a known end"
    return (f"about {n:g} more rounds, end unknown ({_a_pct(a.continuation)} chance of "
            "another round each time)")


def _name(slug: str) -> str:
    if slug.startswith("generous-tit-for-tat"):
        q = slug.partition("q=")[2].rstrip(")") or "1/3"
        return f"generous tit-for-tat (forgive a double-cross with probability {q})"
    return NAMES.get(slug, slug)


def _short(slug: str) -> str:
    return _name(slug).split(" (")[0]


# -- the sections ------------------------------------------------------------------------------


def _sections(an: Any) -> list[Section]:
    w = _Words(an.answers)
    out = [_game(an, w), _family(an, w), _shadow(an, w), _short_long(an, w),
           _forgive(an, w), _tournament(an, w), _evolution(an, w), _hangs_on(an, w)]
    if an.past is not None:
        out.append(_past(an, w))
    out += [*_questions(an, w), Section("What a model cannot capture", (MODEL_LIMITS,))]
    return out


def _game(an: Any, w: _Words) -> Section:
    a = an.answers
    ps = [f"{w.you.capitalize()} choose between {_q(a.me.cooperate)} (the cooperative option) "
          f"and {_q(a.me.defect)}; {w.them} between {_q(a.other.cooperate)} and "
          f"{_q(a.other.defect)}.",
          f"How long: {_horizon(a)}. Mistakes: {_pct(a.mistakes)} of moves are misread or "
          "made by mistake."]
    rows: list[tuple[str, ...]] = [("outcome", "for you", f"for {w.them}")]
    for code in ("CC", "CD", "DC", "DD"):
        k = ("CC", "CD", "DC", "DD").index(code)
        mirror = code[1] + code[0]
        rows.append((w.outcome(0, code), f"{a.me.payoffs[k]:g}",
                     f"{a.other.payoffs[('CC', 'CD', 'DC', 'DD').index(mirror)]:g}"))
    kind = ("rankings (4 = best, 1 = worst)" if a.me.ranked and a.other.ranked
            else "payoffs as given")
    if not a.symmetric:
        ps.append("The two sides value the outcomes differently: an unbalanced relationship.")
    ps.append(f"The four outcomes and what each is worth, from the {kind}:")
    return Section("The game", tuple(ps), tuple(rows))


def _family(an: Any, w: _Words) -> Section:
    ps = []
    f0, f1 = an.families
    if an.answers.symmetric:
        ps.append(f"This is {_a(f0)} for both sides. " + w.family(0, f0))
    else:
        ps.append(f"For you this is {_a(f0)}: " + w.family(0, f0, capital=False))
        ps.append(f"For {w.them} it is {_a(f1)}: " + w.family(1, f1, capital=False))
    if not an.dilemma:
        ps.append("So this is not a social dilemma: no side has to choose between its own "
                  "immediate gain and the joint one. " + _why_no_dilemma(an, w))
    return Section("What kind of game this is", tuple(ps))


def _why_no_dilemma(an: Any, w: _Words) -> str:
    parts = []
    for side, s in enumerate(w.sides):
        R, S, T, P = s.payoffs
        if R <= P:
            parts.append(f"for {w.who(side)} both sides doing {_q(s.defect)} is at least as "
                         f"good as both cooperating")
        elif T <= R and P <= S:
            parts.append(f"{_q(s.cooperate)} is best for {w.who(side)} whatever the other "
                         "side does")
        elif R <= S:
            parts.append(f"{w.who(side)} would rather cooperate alone than both cooperate")
        else:
            parts.append(f"{w.who(side)} has no reason to defect on a cooperator")
    if an.answers.symmetric:
        parts = [parts[0].replace(" for you", " for both sides").replace(" you ", " each side ")]
    text = "; ".join(dict.fromkeys(parts))
    return text[0].upper() + text[1:] + "."


def _shadow(an: Any, w: _Words) -> Section:
    d = an.continuation
    a = an.answers
    ps = [f"The shadow of the future is the chance that there is another round: here {_pct(d)} "
          f"(1 \u2212 1/{a.rounds:g})" + (" (read from the number of rounds; with a known end the last "
                                "round has no future at all, so the pull to defect there is "
                                "unchecked)" if a.known_end else "") + "."]
    for side, th in enumerate(an.thresholds):
        if an.answers.symmetric and side == 1:
            break
        who = "both sides" if an.answers.symmetric else w.who(side)
        if th["grim"] is None:
            ps.append(f"For {who} mutual cooperation is not better than mutual defection, so "
                      "there is nothing for the future to sustain.")
            continue
        if th["grim"] == 0:
            ps.append(f"For {who} there is no temptation to double-cross a cooperator: "
                      "cooperation needs no shadow of the future at all.")
            continue
        ok = "holds" if d >= th["grim"] else "does not hold"
        s = (f"For {who}, cooperation enforced by the threat of never cooperating again (grim "
             f"trigger) needs a chance of another round of at least {_pct(th['grim'])} "
             f"((T\u2212R)/(T\u2212P)); here that {ok}.")
        if th["tit_for_tat"] is None:
            s += " Tit-for-tat cannot be stable here: taking turns exploiting each other pays more."
        elif th["tit_for_tat"] >= 1:
            s += (" Tit-for-tat cannot be stable at any horizon: taking turns exploiting each "
                  "other pays more than steady cooperation.")
        else:
            ok2 = "it is" if d >= th["tit_for_tat"] else "it is not"
            s += (f" Tit-for-tat resists every deviation (is collectively stable) from "
                  f"{_pct(th['tit_for_tat'])}; {ok2} here.")
        ps.append(s)
    return Section("The shadow of the future", tuple(ps))


def _short_long(an: Any, w: _Words) -> Section:
    ps = []
    a = an.answers
    for side, c in enumerate(an.crossovers):
        if a.symmetric and side == 1:
            break
        who = "either side" if a.symmetric else w.who(side)
        s = w.sides[side]
        head = (f"Against a counterpart who reciprocates (does what was done to them last "
                f"time), {who} could exploit it with {_q(s.defect)} every time or reciprocate "
                "too.")
        if c["crossover"] is None:
            ps.append(head + f" Exploiting pays more at every horizon here (a long-run gain of "
                      f"{_num(-c['long_run_gain'])} a round), so reciprocation alone cannot "
                      f"protect {w.who(1 - side)}.")
            continue
        n = c["crossover"]
        if n == 1:
            body = " Exploiting does not pay even once: there is no short-run gain to resist."
        else:
            ahead = "round" if n == 2 else f"{n - 1:,} rounds"
            body = (f" Exploiting is ahead for the first {ahead}; from "
                    f"{plural(n, 'round', 'rounds')} on, reciprocating has earned at least as "
                    "much in total" + ("" if c["stays"] else " (though later the order turns "
                                       "again)") + ".")
        gain = an.horizon_gain[side]
        verdict = (f" Over {_horizon(a)}, reciprocating earns {_num(gain)} more in total than "
                   f"exploiting" if gain > 0 else
                   f" Over {_horizon(a)}, exploiting earns {_num(-gain)} more in total")
        ps.append(head + body + verdict + f", with {_pct(a.mistakes)} mistakes.")
    return Section("Short run against long run", tuple(ps))


def _forgive(an: Any, w: _Words) -> Section:
    a = an.answers
    q_me, q_them = an.forgiveness
    ps = []
    if q_me is None:
        ps.append(f"At this horizon and mistake rate no amount of forgiveness is safe for you: "
                  f"even strict tit-for-tat can be exploited by {w.them} (it pays them to "
                  f"defect on you now and then).")
    else:
        ps.append(f"Forgiving a double-cross keeps a mistake from turning into a feud, but "
                  f"forgiving too often invites exploitation. The most generous rule that "
                  f"still leaves {w.them} nothing to gain from defecting on you: after they do "
                  f"{_q(a.other.defect)}, still cooperate with probability {_pct(q_me)} "
                  f"(generous tit-for-tat, q = {q_me:.3f}, exact for {_pct(a.mistakes)} "
                  f"mistakes and {_a_pct(an.continuation)} chance of another round).")
        closed = an.extras["closed_form_forgiveness"][0]
        if closed is not None:
            ps.append(f"Without mistakes and with no end in sight it would be "
                      f"min(1 \u2212 (T\u2212R)/(R\u2212S), (R\u2212P)/(T\u2212P)) = "
                      f"{max(closed, 0.0):.3f} with {w.whose(1)} payoffs.")
    if not a.symmetric and q_them is not None and q_them != q_me:
        ps.append(f"For {w.them} towards you the limit is {_pct(q_them)}, because your "
                  "payoffs set how tempting it is for you to exploit their forgiveness.")
    g = an.grudge
    cost = g["cost_per_round"][0]
    if g["first_mistake_after"] is not None:
        ps.append(f"A grudge costs: two grudgers lose cooperation for good at the first "
                  f"mistake, expected after {g['first_mistake_after']:.1f} rounds. Over this "
                  f"horizon that costs you {_num(cost)} a round against two "
                  f"{_short(g['forgiving'])} players ({_num(g['grudger_per_round'][0])} "
                  f"instead of {_num(g['forgiving_per_round'][0])}).")
    else:
        ps.append("Without mistakes a grudge costs nothing between two players who never "
                  "defect first; it is the mistakes that make forgiveness pay.")
    return Section("Forgiveness", tuple(ps))


def _tournament(an: Any, w: _Words) -> Section:
    t = an.tournament
    players = t["players"]
    rows: list[tuple[str, ...]] = [("rank", "strategy", "per round")]
    for k, slug in enumerate(t["ranking"], start=1):
        rows.append((str(k), _short(slug), _num(t["scores"][slug])))
    best = t["ranking"][0]
    m = np.asarray(t["per_round"])
    i = players.index(best)
    j = players.index("always-defect")
    alld = float(np.mean(m[j]))
    k = players.index("always-cooperate")
    why = (f"Against its twin it earns {_num(m[i, i])} a round" if best != "always-defect" else
           f"It earns {_num(m[i, k])} a round from always cooperate")
    if best == "always-cooperate":
        why += (f"; always defect exploits it for {_num(m[j, k])} a round but averages only "
                f"{_num(alld)}")
    elif best != "always-defect":
        why += (f"; always defect takes only {_num(m[j, i])} a round from it, while taking "
                f"{_num(m[j, k])} from always cooperate, and averages {_num(alld)}")
    ps = [f"Seven ways of playing, each against each (and itself), in both roles, in this game "
          f"with this horizon and {_pct(an.answers.mistakes)} mistakes; exact expected payoffs "
          f"per round:",
          f"{_short(best).capitalize()} comes first with {_num(t['scores'][best])} a round. "
          f"{why}."]
    return Section("A tournament in this game", tuple(ps), tuple(rows))


def _evolution(an: Any, w: _Words) -> Section:
    ev = an.evolution
    top = [s for s in ev["order"] if ev["final"][s] >= 0.01]
    shares = ", ".join(f"{_short(s)} {_pct(ev['final'][s])}" for s in top)
    st = ev["stationary"]
    lead_st = max(st, key=lambda s: st[s])
    rec = an.lineup[1]
    ps = [f"Let the seven spread by their payoffs (the replicator dynamics, from equal shares): "
          f"in the end {shares}.",
          f"With rare newcomers in a population of {ev['population']} (strong selection), "
          f"a population of {_short(lead_st)} players is the most common state, "
          f"{_pct(st[lead_st])} of the time. "
          f"One {_short(rec)} player takes over a population of defectors with probability "
          f"{_pct(ev['invade_defectors'])} (a neutral newcomer: {_pct(ev['neutral'])}); one "
          f"defector takes over a population of {_short(rec)} with probability "
          f"{_pct(ev['defector_invades'])}."]
    return Section("Evolution in this game", tuple(ps))


def _hangs_on(an: Any, w: _Words) -> Section:
    a = an.answers
    ps = []
    items = [x for x in an.sensitivity if not (a.symmetric and x["side"] == 1)]
    for item in items[:4]:
        side = item["side"]
        s = w.sides[side]
        who = w.who(side)
        now = "reciprocating pays" if item["pays_now"] else "exploiting pays"
        then = f"{_q(s.defect)} would pay {who}" if item["pays_now"] else \
            f"reciprocating would pay {who}"
        if item["answer"] == "rounds":
            n = item["flip"]
            fewer = "fewer" if item["pays_now"] else "more"
            ps.append(f"If this relationship lasted {fewer} than {n:.3g} more rounds (you said "
                      f"{a.rounds:g}), {then} ({now} for {who} now).")
        elif item["answer"] == "mistakes":
            more = "above" if item["pays_now"] else "below"
            ps.append(f"If mistakes were {more} {_pct(item['flip'])} (you said "
                      f"{_pct(a.mistakes)}), {then}.")
        else:
            scale = " on the 1-4 scale" if s.ranked else ""
            more = "more" if item["pays_now"] else "less"
            ps.append(f"If {w.against(side, 'DC')} were worth {more} than "
                      f"{item['flip']:.3g} to {who}{scale} (now {item['value']:g}), {then}.")
    for side, swaps in enumerate(an.extras["ranking_swaps"]):
        if a.symmetric and side == 1:
            break
        for sw in swaps:
            fam = sw["family"]
            change = "would stop being a dilemma" if not fam["dilemma"] and \
                an.families[side].dilemma else "would become a dilemma" if fam["dilemma"] and \
                not an.families[side].dilemma else None
            if change:
                ps.append(f"If {w.who(side)} ranked {w.against(side, sw['above'])} above "
                          f"{w.against(side, sw['below'])}, this {change} "
                          f"({_a(types.SimpleNamespace(**fam))}).")
    if not ps:
        ps.append("No single answer, changed within its range, would change the advice.")
    return Section("What the advice hangs on", tuple(ps))


def _past(an: Any, w: _Words) -> Section:
    p = an.past
    fits = [f for f in p["fits"] if f["likelihood"] > 0]
    exact = [f for f in fits if f["deterministic"] and f["mistakes"] == 0]
    ps = [f"So far you played {' '.join(p['me'])} and {w.them} {' '.join(p['other'])} (C = the "
          f"cooperative option, oldest first)."]
    if exact:
        ps.append(f"Without any mistake these fit: {', '.join(_short(f['strategy']) for f in exact)}.")
    if fits:
        ps.append("With mistakes at the rate you gave, the most likely are: " + ", ".join(
            f"{_short(f['strategy'])} ({_pct(f['posterior'])})" for f in fits[:3]) +
            " (shares of the evidence among the seven, equal odds at the start).")
    else:
        ps.append("None of the seven fits these moves without mistakes; with no mistakes "
                  "allowed, the other side follows some other rule.")
    return Section("The moves so far", tuple(ps))


def _questions(an: Any, w: _Words) -> list[Section]:
    a = an.answers
    me = a.me
    pays = an.cooperation_pays(0)
    them_pays = an.cooperation_pays(1)
    q = an.forgiveness[0]
    first: list[str] = []
    if an.past is not None:
        share = an.past["my_cooperation"]
        first.append(f"So far you chose {_q(me.cooperate)} in {_pct(share)} of rounds and "
                     f"{w.them} in {_pct(an.past['their_cooperation'])}.")
    if not an.dilemma:
        first.append("There is no conflict to manage here: " +
                     ("doing what is best for you is also what is best together."
                      if an.families[0].dominant == "C" else
                      "look at whether the options or the ranking really describe it."))
    elif pays:
        first.append(f"At your horizon exploiting {w.them}'s cooperation would not pay you: "
                     f"{_q(me.defect)} wins in the short run only. Approaching this as "
                     "win-win is also what serves you best.")
    else:
        first.append("At your horizon a double-cross would pay you in total, so the "
                     "relationship as described is too short or too noisy for win-win to be "
                     "self-enforcing; it would need a longer shadow of the future or fewer "
                     "misunderstandings.")
    if an.dilemma and not them_pays:
        first.append(f"Note that for {w.them} exploiting you pays at this horizon: expect the "
                     "temptation on their side.")
    second: list[str] = []
    c, d, their_d = _q(me.cooperate), _q(me.defect), _q(a.other.defect)
    lead = an.evolution["leader"]
    if an.families[0].dominant == "C":
        second.append(f"{c} is best for you whatever {w.them} does: play it, and let the "
                      "relationship show that it pays for both.")
    elif lead in ("always-defect", "extort-2"):
        second.append(f"As described, cooperation does not hold its ground in this game: "
                      f"{_short(lead)} spreads. Playing for win-win here means changing the "
                      "game: a longer shadow of the future, moves that are easier to read, or "
                      "outcomes valued differently (see what the advice hangs on).")
        second.append(f"If you try anyway: open with {c}, and answer every {their_d} with {d} "
                      "so that it never pays.")
    else:
        second.append(f"First move: {c}. Open with cooperation; it costs at most one round and "
                      "is what lets win-win start.")
        if lead == "always-cooperate":
            second.append(f"If {w.them} does {their_d}: do not retaliate. In this game "
                          f"answering with {d} costs you more than the double-cross did; "
                          f"{_short(lead)} is what spreads here.")
            second.append("How soon to forgive: at once.")
        elif lead == "win-stay-lose-shift":
            second.append(f"If {w.them} does {their_d}: answer with {d} in the next round; "
                          f"after a round in which both did the non-cooperative thing, go back "
                          f"to {c} together (win-stay lose-shift, the strategy that spreads in "
                          "this game: keep a move that went well, change one that did not).")
            second.append("How soon to forgive: after one round of mutual retaliation.")
        else:
            second.append(f"If {w.them} does {their_d}: answer with {d} in the next round, so "
                          f"a double-cross never pays; return to {c} as soon as they do.")
            if q is not None and q > 0:
                second.append(f"How soon to forgive: let about {_pct(q)} of double-crosses go "
                              f"without answering (about one in {1 / q:.1f}); that ends runs of "
                              "retaliation started by mistakes, and is still too little for "
                              f"{w.them} to exploit.")
            else:
                second.append("How soon to forgive: at this horizon forgiveness is "
                              "exploitable, so answer every double-cross, and look for ways to "
                              "lengthen the relationship or make moves easier to read.")
    return [Section(QUESTIONS_OF_THE_ARTICLE[0], tuple(first)),
            Section(QUESTIONS_OF_THE_ARTICLE[1], tuple(second))]


# -- pictures ----------------------------------------------------------------------------------


def _pictures(an: Any) -> dict[str, Any]:
    from winwin.plots._style import figure, strategy_colours

    out: dict[str, Any] = {}
    w = _Words(an.answers)
    longest = max((c["crossover"] or 1) for c in an.crossovers)
    n = int(max(10, min(400, max(3 * longest, 1.2 * an.answers.rounds))))
    fig, axes = figure((9, 3.6), 1, 2)
    for side, ax in enumerate(axes):
        c = an.crossovers[side]
        t = np.arange(1, n + 1)
        ax.plot(t, c["cumulative_reciprocate"][:n], color="#009E73", label="reciprocate")
        ax.plot(t, c["cumulative_exploit"][:n], color="#E69F00", label="exploit")
        if c["crossover"] is not None and c["crossover"] <= n:
            ax.axvline(c["crossover"], color="#777", ls=":", lw=1)
        ax.axvline(an.answers.rounds, color="#0072B2", ls="--", lw=1, label="your horizon")
        ax.set_title(f"{w.who(side)} against a reciprocator", fontsize=10)
        ax.set_xlabel("interactions")
        ax.set_ylabel("expected total payoff")
        ax.legend(fontsize=8)
    out["Short run against long run"] = fig
    t = an.tournament
    fig, ax = figure((7, 3.2))
    order = t["ranking"][::-1]
    ax.barh([_short(s) for s in order], [t["scores"][s] for s in order],
            color=strategy_colours(len(order)))
    ax.set_xlabel("expected payoff per round")
    out["A tournament in this game"] = fig
    ev = an.evolution
    fig, ax = figure((7, 3.2))
    shares = np.asarray(ev["shares"])
    for k, (s, col) in enumerate(zip(ev["players"], strategy_colours(len(ev["players"])),
                                     strict=True)):
        ax.plot(ev["times"], shares[:, k], color=col, label=_short(s))
    ax.set_xlabel("time")
    ax.set_ylabel("share")
    ax.legend(fontsize=7, ncol=2)
    out["Evolution in this game"] = fig
    return out
