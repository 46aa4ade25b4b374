"""Fixtures of the alerting tests (helpers live in alerts_fixtures)."""
from __future__ import annotations

from typing import Any

import pytest
from alerts_fixtures import gold_statement_events


@pytest.fixture(scope="session")
def seed_statements() -> list[dict[str, Any]]:
    """The seed article's 22 gold statements as statement.v1 events."""
    return gold_statement_events()
