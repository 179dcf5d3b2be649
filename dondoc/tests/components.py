"""Tests that need a system component skip without it on a developer's machine, and fail under CI."""

import os

import pytest

# The suite runs once on SQLite and again on PostgreSQL (.ci/run): what needs PostgreSQL runs in the second pass,
# what is about SQLite itself in the first. These two skips are the only ones CI allows: each such test still
# runs, in the other pass; a missing component goes through require() and fails under CI.
postgres_only = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
                                   reason="needs PostgreSQL (DATABASE_URL); .ci/run's second pass runs it")
sqlite_only = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").split(":")[0] in ("postgres", "postgresql"),
                                 reason="about SQLite itself; .ci/run's first pass runs it")


def require(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing: .ci/run must install it")
    pytest.skip(f"{what} is not installed")  # a developer's machine only: under CI the line above fails
