"""Kernel kinds and transform codes: named once, dispatched by explicit sets, each kind the
library declares reaching a kernel branch of its own."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

import winwin as ww
from winwin.engine import _rng
from winwin.engine._rng import compiled as rc
from winwin.strategies import _kinds as K
from winwin.strategies import registry

KERNELS = (Path(ww.__file__).parent / "engine" / "_kernels.py").read_text()
NAMES = {v: k for k, v in vars(K).items() if k.isupper() and isinstance(v, int)
         and k not in ("N_KINDS",) and v in K.KINDS and not k.startswith(("T_",))
         and k not in ("NOISY", "FORGIVING", "INITIAL", "FINAL", "DUAL")}


def declared_kinds() -> set[int]:
    g = ww.parse_game("pd")
    kinds = set()
    for cls in registry().builtins():
        spec = cls().compiled(g)
        if spec is not None:
            kinds.add(spec.kind)
    for wrapped in ("dual(gradual)", "noisy(tullock,e=0.1)", "final(omega-tit-for-tat,n=2)"):
        spec = ww.get_strategy(wrapped).compiled(g)
        assert spec is not None
        kinds.add(spec.kind)
    return kinds


def test_dispatch_sets_are_disjoint_and_cover_every_kind() -> None:
    seen: list[int] = [k for group in K.DISPATCH.values() for k in group]
    assert len(seen) == len(set(seen)), "a kind sits in two dispatch sets"
    assert set(seen) == set(range(K.N_KINDS)) == set(K.KINDS)


def test_every_declared_kind_has_a_branch_of_its_own() -> None:
    kinds = declared_kinds()
    assert kinds <= set(K.KINDS)
    assert len(kinds) >= 20  # the library really uses nearly every kind
    for kind in K.KINDS:
        name = NAMES[kind]
        branches = re.findall(rf"kind == K\.{name}\b", KERNELS)
        assert len(branches) == 1, f"{name}: {len(branches)} kernel branches"
    assert ">= K." not in KERNELS and "> K." not in KERNELS and "< K." not in KERNELS


def test_transform_codes_are_named_and_each_has_a_branch() -> None:
    assert len(set(K.TRANSFORMS)) == len(K.TRANSFORMS)
    for name in ("NOISY", "FORGIVING", "INITIAL", "FINAL", "DUAL"):
        assert len(re.findall(rf"code == K\.{name}\b", KERNELS)) == 1, name
    assert not re.search(r"code == \d", KERNELS)


def test_an_unknown_kind_is_refused_when_packing() -> None:
    class Odd(ww.Strategy, register=False):
        slug = "odd-kind"
        name = "Odd"

        def compiled(self, game):  # type: ignore[no-untyped-def]
            return ww.strategies.CompiledSpec(99, (), ())

    import pytest

    with pytest.raises(ww.WinwinError, match="unknown kernel kind 99"):
        ww.tournament([Odd(), "tft"], turns=3, seed=1)


def test_compiled_and_python_random_forms_agree() -> None:
    rng = np.random.default_rng(4)
    for key in rng.integers(0, 2**63, 20, dtype=np.uint64):
        for step in (0, 1, 17, 10**6):
            for d in range(4):
                assert rc.uniform(np.uint64(key), step, d) == _rng.uniform(int(key), step, d)
        assert int(rc.mix(np.uint64(key))) == _rng.mix(int(key))
    for p in (0.0, 0.25, 1 / 3, 1.0):
        for e in (0.0, 0.05):
            assert int(rc.threshold(p, e)) == _rng.threshold(p, e)
