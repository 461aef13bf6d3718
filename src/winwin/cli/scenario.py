"""``winwin scenario``: your situation as a game.

``winwin scenario`` asks the questions in the terminal (a bad answer is asked again with the
reason, Enter takes the default shown in brackets); ``winwin scenario FILE.toml`` reads the same
answers from a file; ``--example NAME`` takes a shipped example (``--list`` names them). The
brief goes to stdout (or ``--output``) as text, Markdown, HTML or JSON (``--format``, or the
``--output`` file's extension); the questions go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from winwin._errors import ParameterError
from winwin.cli._emit import note

FORMATS = ("text", "markdown", "html", "json")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json",
              ".txt": "text"}


def add_commands(sub: Any) -> None:
    s = sub.add_parser("scenario", help="your situation as a game: questions, then advice",
                       description="Turn a real relationship into a game and get a brief: the "
                       "game's family, the shadow of the future, short run against long run, "
                       "forgiveness, a tournament and an evolution in this game, and what the "
                       "advice hangs on. Without FILE or --example it asks the questions.")
    s.add_argument("file", nargs="?", metavar="FILE", help="answers as a TOML file")
    s.add_argument("--example", help="a shipped example (see --list)")
    s.add_argument("--list", action="store_true", help="list the shipped examples")
    o = s.add_argument_group("output")
    o.add_argument("--format", dest="brief_format", help="text (default), markdown, html or "
                   "json (default from the --output extension)")
    o.add_argument("--output", "-o", help="write the brief to this file instead of stdout")
    s.set_defaults(func=_scenario)


def _format(args: argparse.Namespace) -> str:
    if args.brief_format is not None:
        if args.brief_format not in FORMATS:
            raise ParameterError("format", args.brief_format, ", ".join(FORMATS))
        return str(args.brief_format)
    if args.output and args.output != "-":
        from pathlib import Path

        return _BY_SUFFIX.get(Path(args.output).suffix.lower(), "text")
    return "text"


def _scenario(args: argparse.Namespace) -> str:
    import winwin.scenario as sc

    fmt = _format(args)
    if args.list:
        return "".join(f"{name:16} {title}\n" for name, title in sc.examples().items())
    if args.file and args.example:
        raise ParameterError("example", args.example, "an example or a FILE, not both")
    answers: Any
    if args.example:
        answers = sc.example(args.example)
    elif args.file:
        answers = sc.load(args.file)
    else:
        answers = questionnaire()
    brief = sc.brief(answers)
    if fmt == "json":
        from winwin.text import to_json

        return to_json(brief.to_dict())
    return {"text": brief.text, "markdown": brief.markdown, "html": brief.html}[fmt]()


# -- the questionnaire -------------------------------------------------------------------------


def _words(key: str, **kw: Any) -> str:
    """A question in the words of :data:`winwin.brief.QUESTIONS` (imported when asked)."""
    from winwin.brief import question

    return question(key, **kw)


class _Asker:
    """Ask on stderr, read stdin; each answer is checked at once and asked again if bad."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}

    def line(self, prompt: str) -> str:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        text = sys.stdin.readline()
        if not text:
            sys.stderr.write("\n")
            raise ParameterError("answers", "end of input", "an answer to every question "
                                 "(or a FILE.toml)")
        return text.strip()

    def ask(self, question: str, prompt: str, default: str, store: Any) -> None:
        """Ask until ``store(text)`` (which fills ``self.answers``) passes the checks."""
        import winwin.scenario as sc

        while True:
            text = self.line(f"{prompt} [{default}]: ") or default
            saved = {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.answers.items()}
            try:
                store(text)
                sc.answers_from_dict(self.answers)
                return
            except ParameterError as exc:
                self.answers = saved
                sys.stderr.write(_words("again", question=question, allowed=exc.allowed)
                                 + "\n")

    def side(self, who: str) -> dict[str, Any]:
        return self.answers.setdefault(who, {})


def _outcome_list(a: _Asker, who: str, name: str, other: str) -> list[str]:
    me, them = a.side("me"), a.side("other")
    mine = me.get("options", ("cooperate", "hold back"))
    theirs = them.get("options", mine)
    if who == "other":
        mine, theirs = theirs, mine
    coop_first = [mine, theirs]
    rows = []
    for code in ("CC", "CD", "DC", "DD"):
        rows.append(f"{name} {coop_first[0][code[0] == 'D']!r}, {other} "
                    f"{coop_first[1][code[1] == 'D']!r}")
    return rows


def _ranking(a: _Asker, who: str, label: str, name: str, other: str, default: str) -> None:
    codes = ("CC", "CD", "DC", "DD")
    rows = _outcome_list(a, who, name, other)
    sys.stderr.write(_words("outcomes", label=label) + "\n")
    for k, r in enumerate(rows, start=1):
        sys.stderr.write(f"  {k}. {r}\n")

    def store(text: str) -> None:
        side = a.side(who)
        side.pop("payoffs", None)
        side.pop("ranking", None)
        if text.lower() in ("same", "same as mine"):
            return
        if text.lower() == "numbers":
            pay = {}
            for k, c in enumerate(codes):
                raw = a.line(_words("payoff", k=k + 1, label=label))
                try:
                    pay[c] = float(raw)
                except ValueError:
                    raise ParameterError(f"{who}.payoffs.{c}", raw, "a number") from None
            side["payoffs"] = pay
            return
        parts = text.replace(",", " ").split()
        if parts and all(p.isdigit() for p in parts):
            if any(not 1 <= int(p) <= 4 for p in parts):
                raise ParameterError(f"{who}.ranking", text, "four numbers from 1 to 4, best "
                                     "first, such as 3 1 4 2")
            parts = [codes[int(p) - 1] for p in parts]
        side["ranking"] = parts

    a.ask(f"{who}.ranking", _words(f"{who}.ranking", other=label), default, store)


def questionnaire() -> dict[str, Any]:
    """Ask every question in the terminal; returns the answers as a dict."""
    a = _Asker()
    sys.stderr.write(_words("welcome") + "\n")

    def put(who: str, key: str, convert: Any = None) -> Any:
        def store(text: str) -> None:
            a.side(who)[key] = convert(text) if convert else text
        return store

    def top(key: str, convert: Any = None) -> Any:
        def store(text: str) -> None:
            a.answers[key] = convert(text) if convert else text
        return store

    a.ask("me.name", _words("me.name"), "me", put("me", "name"))
    a.ask("other.name", _words("other.name"), "the other side", put("other", "name"))
    other = a.answers["other"]["name"]

    def options(text: str) -> list[str]:
        return [x.strip() for x in text.split("/")] if "/" in text else [text]

    a.ask("me.options", _words("me.options"), "cooperate / hold back",
          put("me", "options", options))
    mine = a.answers["me"]["options"]
    a.ask("me.cooperative", _words("me.cooperative", first=mine[0], second=mine[1]), "1",
          put("me", "cooperative"))
    coop = a.answers["me"]["cooperative"]
    if coop == "2" or coop.casefold() == mine[1].casefold():
        a.answers["me"]["options"] = [mine[1], mine[0]]
    a.answers["me"]["cooperative"] = 1
    a.ask("other.options", _words("other.options", other=other),
          " / ".join(a.answers["me"]["options"]), put("other", "options", options))
    a.answers["other"]["cooperative"] = 1
    _ranking(a, "me", "you", "you", other, "3 1 4 2")
    _ranking(a, "other", other, other, "you", "same")
    a.ask("known_end", _words("known_end"), "n",
          top("known_end", lambda t: {"y": True, "yes": True, "n": False,
                                      "no": False}.get(t.lower(), t)))
    label = _words("rounds" if a.answers["known_end"] else "rounds.expected")
    a.ask("rounds", label, "20", top("rounds"))
    a.ask("mistakes", _words("mistakes"), "2%", top("mistakes"))

    def past(text: str) -> None:
        if text.lower() in ("", "none", "skip", "-"):
            a.answers.pop("past", None)
            return
        a.answers["past"] = {"other": text}

    a.ask("past.other", _words("past.other", other=other,
                                   first=a.answers["other"]["options"][0]), "none", past)
    if "past" in a.answers:
        n = len("".join(a.answers["past"]["other"].split()))

        def mine_past(text: str) -> None:
            a.answers["past"]["me"] = text
        a.ask("past.me", _words("past.me"), "C" * n, mine_past)
    note("thank you; computing the brief")
    return a.answers
