"""The PostgreSQL archive against the real server at 127.0.0.1:5432 (database ``test``).

Every test gets a schema of its own (``?schema=``), dropped afterwards. The shared store
contract runs here unchanged; below it, what only PostgreSQL has: GIN full text,
connection loss and reconnect, TLS parameters, concurrent writers. Set
``QUOTEWIRE_TEST_POSTGRES`` to another base URL to test elsewhere.
"""
from __future__ import annotations

import os
import random
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "archive"))
from archive_contract import QUOTES, StoreContract, _statements

from streams.archive import SearchQuery, StoreUnavailable, open_store
from streams.archive.bench_archive import bench_write, scratch_url
from streams.archive.postgres import PostgresStore, drop_schema

pytestmark = pytest.mark.postgres

CANDIDATES = [
    os.environ.get("QUOTEWIRE_TEST_POSTGRES") or "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
]


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    """The first reachable base URL, or skip with the reason (only when the server cannot be reached)."""
    problems = []
    for url in CANDIDATES:
        try:
            with psycopg.connect(url, connect_timeout=3):
                return url
        except psycopg.OperationalError as exc:
            problems.append(f"{url}: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}")
    pytest.skip("PostgreSQL unreachable at 127.0.0.1:5432 (database test): " + "; ".join(problems))


def _schema_url(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}schema={schema}"


@pytest.fixture
def store_url(pg_base_url: str) -> Iterator[str]:
    url = _schema_url(pg_base_url, f"qw_test_{uuid.uuid4().hex[:12]}")
    yield url
    drop_schema(url)


class TestPostgresStore(StoreContract):
    """Every behaviour of the store contract, on PostgreSQL."""


def test_full_text_is_a_generated_tsvector_with_a_gin_index(store_url: str) -> None:
    with open_store(store_url, migrate=True) as store:
        assert isinstance(store, PostgresStore)
        with store._session() as conn:
            indexes = dict(conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = %s AND tablename = 'statements'",
                (store.schema,),
            ).fetchall())
            generated = conn.execute(
                "SELECT is_generated, generation_expression FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = 'statements' AND column_name = 'content_tsv'",
                (store.schema,),
            ).fetchone()
    assert "USING gin (content_tsv)" in indexes["statements_content_tsv"]
    filters = {"statements_country", "statements_source", "statements_kind", "statements_sort_time"}
    assert filters <= set(indexes)
    assert not {"statements_speaker_id", "statements_speaker"} & set(indexes)  # unused: dropped by 0003
    assert generated is not None and generated[0] == "ALWAYS" and "english" in generated[1]


def test_schema_from_the_search_path_option(pg_base_url: str) -> None:
    schema = f"qw_opt_{uuid.uuid4().hex[:12]}"
    url = f"{pg_base_url}?options=-csearch_path%3D{schema}"
    try:
        with open_store(url, migrate=True) as store:
            _, events = _statements("opt", QUOTES)
            assert store.write_statements(events).inserted == 4
        with psycopg.connect(pg_base_url) as conn:
            tables = {r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))}
        assert {"statements", "articles", "extractions", "schema_migrations"} <= tables
    finally:
        drop_schema(_schema_url(pg_base_url, schema))


def test_lost_connection_raises_store_unavailable_then_reconnects(store_url: str, pg_base_url: str) -> None:
    _, events = _statements("lost", QUOTES)
    with open_store(store_url, migrate=True) as store:
        assert isinstance(store, PostgresStore)
        store.write_statements(events[:2])
        with store._session() as conn:
            pid = conn.info.backend_pid
        with psycopg.connect(pg_base_url, autocommit=True) as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)
        with pytest.raises(StoreUnavailable, match="unavailable"):
            store.write_statements(events)
        result = store.write_statements(events)  # the consumer retries the same batch
        assert (result.inserted, result.updated) == (2, 2)
        assert store.count_statements(article_id="lost") == 4
        with store._session() as conn:
            assert conn.info.backend_pid != pid


def test_unreachable_server_raises_store_unavailable() -> None:
    store = open_store("postgresql://postgres@127.0.0.1:1/test?connect_timeout=2&schema=nowhere")
    with store:
        for call in (store.ping, store.migrate, lambda: store.write_statements(_statements("x", QUOTES)[1]),
                     lambda: store.search(SearchQuery(text="talks"))):
            with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1"):
                call()


def test_tls_parameters_reach_libpq(store_url: str, pg_base_url: str) -> None:
    with psycopg.connect(pg_base_url) as conn:
        row = conn.execute("SHOW ssl").fetchone()
    ssl_on = row is not None and row[0] == "on"
    with open_store(store_url + "&sslmode=require") as store:
        if ssl_on:
            store.ping()
            assert isinstance(store, PostgresStore)
            with store._session() as conn:
                assert conn.info.pgconn.ssl_in_use
        else:
            with pytest.raises(StoreUnavailable, match="SSL"):
                store.ping()
    with open_store(store_url + "&sslmode=disable") as store:
        store.ping()


def test_concurrent_writers_keep_one_extraction_per_article(store_url: str) -> None:
    """Two stores (two consumers during a rebalance) racing old and new extractions of the same articles."""
    articles = [f"race{i}" for i in range(15)]
    old = {a: _statements(a, QUOTES[:3], version="v1", extracted_at="2024-10-01T00:00:00Z")[1]
           for a in articles}
    new = {a: _statements(a, QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")[1]
           for a in articles}
    with open_store(store_url, migrate=True):
        pass
    errors: list[BaseException] = []

    def run(batches: dict[str, list[dict]], seed: int) -> None:  # type: ignore[type-arg]
        rnd = random.Random(seed)
        try:
            with open_store(store_url) as store:
                for _ in range(3):
                    order = list(batches)
                    rnd.shuffle(order)
                    for article in order:
                        events = list(batches[article])
                        rnd.shuffle(events)
                        store.write_statements(events[: rnd.randint(1, len(events))])
                        store.write_statements(events)
        except BaseException as exc:  # noqa: BLE001 - pragma: no cover - the thread's failure is reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(old, 1)), threading.Thread(target=run, args=(new, 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as store:
        assert store.count_statements(extractor_version="v1") == 0
        assert store.count_statements(extractor_version="v2") == 2 * len(articles)


def test_bench_write_on_a_scratch_schema(pg_base_url: str) -> None:
    with scratch_url(pg_base_url) as url:
        result = bench_write(url, 400, batch_size=200)
        schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(pg_base_url) as conn:
        assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone() is None
    assert result["backend"] == "postgresql" and result["inserted"] == 400 and result["statements_per_s"] > 0


def test_commits_are_synchronous_even_if_the_session_default_is_off(store_url: str) -> None:
    with open_store(store_url + "&options=-csynchronous_commit%3Doff", migrate=True) as store:
        assert isinstance(store, PostgresStore)
        with store._session() as conn:
            assert conn.execute("SHOW synchronous_commit").fetchone() == ("on",)


def test_migration_0002_folds_the_full_text_of_rows_archived_before_it(store_url: str) -> None:
    """An archive made before 0002 indexed "Jenča" as "jenča": the migration refolds its full text."""
    from archive_contract import Quote

    quotes = [Quote("Jenča will meet Żurek in Kraków", "Jane Doe"), Quote("Plain ASCII words", "Jane Doe")]
    with open_store(store_url, migrate=True) as store:
        assert isinstance(store, PostgresStore)
        _, events = _statements("m1", quotes)
        store.write_statements(events)
        with store._transaction() as conn:
            conn.execute("UPDATE statements SET content_f = NULL")
            conn.execute("DELETE FROM schema_migrations WHERE version = 2")
        assert store.count_statements(text="krakow") == 0  # what such an archive holds
        assert store.migrate() == [2]
        assert [e["content"]["text"] for e in store.search(SearchQuery(text="krakow zurek"))] == [quotes[0].text]
        assert store.count_statements(text="plain ascii") == 1
        with store._session() as conn:
            folded = dict(conn.execute("SELECT content, content_f FROM statements").fetchall())
    assert folded == {"Jenča will meet Żurek in Kraków": "jenca will meet zurek in krakow", "Plain ASCII words": None}
