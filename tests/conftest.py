from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The CLI starts a background warmup (and says so) on a cold compile cache; tests that run the
# CLI must not spawn processes or hear notes they did not ask for. tests/test_cold_start.py
# turns it back on where it is the thing tested.
os.environ["WINWIN_NO_WARMUP"] = "1"
# workshop sessions of tests that use the default store go to a throwaway folder
os.environ.setdefault("WINWIN_DATA", tempfile.mkdtemp(prefix="winwin-data-"))


@pytest.fixture(scope="session")
def all_slugs() -> list[str]:
    import winwin as ww

    return sorted(c.slug for c in ww.registry().builtins())
