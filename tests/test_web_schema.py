"""Property tests over the OpenAPI schema (schemathesis): requests that fit the schema and
requests that break it, to every endpoint; none may be answered with a server error (a request
over the time budget would be a 503: the caps keep every valid request inside it), and every
refusal is a 4xx with a message."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from winwin.web import create_app

QUIET = list(HealthCheck)


def load(phases: list[str]) -> schemathesis.BaseSchema:
    s = schemathesis.openapi.from_asgi("/openapi.json", create_app())
    s.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    s.config.phases.update(phases=phases)
    return s


#: the default run: the schema's examples and random requests; the slow run adds the coverage
#: phase (every boundary of every field: about a thousand requests)
schema = load(["examples", "fuzzing"])
thorough = load(["examples", "coverage", "fuzzing"])


def check(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, case.body, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert body.get("error") or body.get("detail"), response.text


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=QUIET)
def test_no_server_error(case: schemathesis.Case) -> None:
    check(case)


@pytest.mark.slow
@thorough.parametrize()
@settings(max_examples=80, deadline=None, suppress_health_check=QUIET)
def test_no_server_error_thorough(case: schemathesis.Case) -> None:
    check(case)
