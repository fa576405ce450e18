"""The test run's own machinery: tests that share a costly fixture stay on one xdist worker."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("probe")
def test_xdist_keeps_a_tests_group(request: pytest.FixtureRequest) -> None:
    # `scripts/test` runs `pytest -n auto --dist loadgroup`; tests that use one filled template
    # (tests/conftest.py, TEMPLATE_GROUPS) are grouped so that a pass builds it once. xdist
    # groups by a suffix on the test id; pytest 9.2 silently drops it (ADR 43), and each worker
    # then builds every template itself. This fails when that happens again.
    worker = getattr(request.config, "workerinput", None)
    if worker is None:
        pytest.skip("alleen onder pytest-xdist")
    if not any(arg.endswith("loadgroup") for arg in worker["mainargv"]):
        pytest.skip("alleen met --dist loadgroup")
    assert request.node.nodeid.endswith("@probe"), request.node.nodeid
