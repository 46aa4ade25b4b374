"""Shared fixtures: the real embedded broker (Tansu), temp data dirs, the seed article."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = FIXTURES / "seed-article.txt"

# Every feed, page and webhook the tests serve is on loopback, which outbound requests refuse by
# default (streams/netguard.py); tests/unit/test_netguard.py turns the guard back on to test it.
os.environ.setdefault("QUOTEWIRE_ALLOW_PRIVATE_DESTINATIONS", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow fault/soak tests run only when QUOTEWIRE_SLOW=1 (or when asked for with -m slow)."""
    if os.environ.get("QUOTEWIRE_SLOW") == "1" or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow test: set QUOTEWIRE_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """One real Kafka-protocol broker for the whole test session, on a free loopback port."""
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker(log_path=log) as b:
        yield b


@pytest.fixture
def fresh_broker(tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A broker of the test's own, for tests that pause, kill or restart it."""
    with EmbeddedBroker(log_path=tmp_path / "tansu.log") as b:
        yield b


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """Each test reads the settings from its own environment: the CLI caches them once per process
    (``streams.settings.get_settings``), and a test that sets ``QUOTEWIRE_*`` must not see an earlier one's."""
    from streams.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
