"""The behaviour every archive store must have, run against SQLite (unit) and PostgreSQL (integration).

A subclass provides a ``store_url`` fixture for a fresh, empty store; everything else
is here, so both backends are held to exactly the same tests.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from streams.archive import ArchiveStore, NoArchive, SearchQuery, StoreError, extraction_marker, open_store
from streams.archive.samples import Quote, make_article, make_statements
from streams.events import schema_errors

EXTRACTED = "2024-10-21T00:00:00.000Z"

# (article_id, article metadata, quotes, extracted_at)
CORPUS: list[tuple[str, dict[str, Any], list[Quote], str]] = [
    (
        "a1",
        {"source": "Reuters", "published_at": "2024-10-01T08:00:00Z", "title": "Kursk"},
        [
            Quote("The ceasefire must hold in Kursk",
                  "Vassily Nebenzia", "ambassador", "United Nations", "Russia"),
            Quote(
                "We warned the council about the humanitarian corridor",
                "Vassily Nebenzia", "ambassador", "United Nations", "Russia", "indirect",
            ),
        ],
        EXTRACTED,
    ),
    (
        "a2",
        {"source": "AP", "published_at": "2024-10-05T09:30:00Z", "title": "Berlin"},
        [
            Quote("Germany supports the corridor plan for humanitarian aid",
                  "Annalena Baerbock", "foreign minister", None, "Germany", "mixed"),
            Quote("Sanctions will stay in place", "Olaf Scholz", "chancellor", None, "Germany"),
        ],
        EXTRACTED,
    ),
    (
        "a3",
        {"source": "PAP", "published_at": "2024-10-10T10:00:00+02:00", "title": "Warsaw"},
        [
            Quote("The court ruling stands and must be respected",
                  "Waldemar Żurek", "justice minister", None, "Poland", "indirect"),
            Quote("Ceasefire ceasefire ceasefire now", "Waldemar Żurek", "justice minister", None, "Poland"),
        ],
        EXTRACTED,
    ),
    (
        "a4",  # no publication time: search falls back to the extraction time
        {"source": "Reuters", "published_at": None, "title": "Unsourced"},
        [Quote("A wider war warns nobody", None, kind="indirect")],
        "2024-10-20T00:00:00.000Z",
    ),
]
ALL_TEXTS = {q.text for _, _, quotes, _ in CORPUS for q in quotes}

HOSTILE = [
    "'; DROP TABLE statements; --",
    "\"; DROP TABLE statements; --",
    '"',
    '""',
    '"unterminated phrase',
    "*",
    "ceasefire*",
    "NEAR(ceasefire court)",
    "NEAR(",
    "-",
    "--",
    "- -",
    "-\"\"",
    "OR",
    "OR OR ceasefire OR",
    "AND",
    "NOT",
    "ceasefire AND NOT",
    "content:ceasefire",
    "statements_fts:ceasefire",
    "^ceasefire",
    "(",
    ")",
    "{}",
    "\\",
    "%",
    "_",
    "%'",
    "'",
    "''",
    "!!",
    "&|",
    ":*",
    "<->",
    "ü ß 中文 ♥",
    "\u202e",
    "ceasefire\x00court",
    "\x00",
    "a" * 5000,
    " ".join(["word"] * 500),
    "$1 ? %s :name",
]


def _statements(article_id: str, quotes: list[Quote], *, revision: int = 1, version: str = "test-1",
                extracted_at: str = EXTRACTED, **meta: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    article = make_article(article_id, quotes, revision=revision, **meta)
    events = make_statements(article, quotes, extractor_version=version, extracted_at=extracted_at)
    for event in events:
        assert schema_errors(event) == []
    return article, events


QUOTES = [
    Quote(f"Statement number {i} about the talks", "Jane Doe", "envoy", None, "Norway") for i in range(4)
]


def texts(results: list[dict[str, Any]]) -> set[str]:
    return {r["content"]["text"] for r in results}


class StoreContract:
    """Run by a subclass that defines a ``store_url`` fixture (a fresh, empty store each test)."""

    @pytest.fixture
    def store(self, store_url: str) -> Iterator[ArchiveStore]:
        with open_store(store_url, migrate=True) as store:
            yield store

    @pytest.fixture
    def corpus(self, store: ArchiveStore) -> ArchiveStore:
        for article_id, meta, quotes, extracted_at in CORPUS:
            article, events = _statements(article_id, quotes, extracted_at=extracted_at, **meta)
            store.write_articles([article])
            store.write_statements(events)
        return store

    def search(self, store: ArchiveStore, **kwargs: Any) -> set[str]:
        return texts(store.search(SearchQuery(limit=None, **kwargs)))

    # --- migrations ---------------------------------------------------------------------

    def test_migrations_are_idempotent(self, store_url: str, store: ArchiveStore) -> None:
        assert store.migrate() == []
        with open_store(store_url) as again:
            assert again.migrate() == []
            assert again.count_statements() == 0

    def test_unmigrated_store_says_so(self, store_url: str) -> None:
        with open_store(store_url) as fresh, pytest.raises(StoreError, match="migrat") as raised:
            fresh.count_statements()
        assert type(raised.value) is StoreError  # not StoreUnavailable: retrying will not help

    def test_read_only_open_creates_nothing(self, store_url: str) -> None:
        """search and archive stats open with create=False: where no archive is, they say so and make none."""
        for _ in range(2):
            with pytest.raises(NoArchive, match=r"no archive exists at .*archive worker"):
                open_store(store_url, migrate=True, create=False)
        with open_store(store_url, migrate=True):
            pass
        with open_store(store_url, migrate=True, create=False) as store:
            assert store.count_statements() == 0

    # --- upserts ------------------------------------------------------------------------

    def test_same_batch_twice_leaves_one_row_each(self, store: ArchiveStore) -> None:
        _, events = _statements("up", QUOTES)
        first = store.write_statements(events)
        assert (first.inserted, first.updated, first.superseded, first.deleted) == (4, 0, 0, 0)
        second = store.write_statements(events)
        assert (second.inserted, second.updated, second.superseded, second.deleted) == (0, 4, 0, 0)
        assert store.count_statements() == 4
        assert store.count_statements(article_id="up") == 4

    def test_duplicates_inside_one_batch(self, store: ArchiveStore) -> None:
        _, events = _statements("dup", QUOTES[:2])
        result = store.write_statements([events[0], events[1], events[0]])
        assert (result.inserted, result.updated) == (2, 1)
        assert store.count_statements() == 2

    def test_redelivery_with_changed_enrichment_updates_in_place(self, store: ArchiveStore) -> None:
        _, events = _statements("enr", QUOTES[:1])
        store.write_statements(events)
        changed = {**events[0], "speaker": {**events[0]["speaker"], "title": "special envoy"}}
        assert store.write_statements([changed]).updated == 1
        assert store.count_statements() == 1
        [found] = store.search(SearchQuery(title="special envoy"))
        assert found == changed

    def test_search_returns_the_event_as_written(self, store: ArchiveStore) -> None:
        _, events = _statements("rt", QUOTES[:2], source="Wire", published_at="2024-10-01T00:00:00Z")
        store.write_statements(events)
        found = sorted(store.search(SearchQuery()), key=lambda e: e["index"])
        assert found == events

    def test_malformed_events_are_rejected_not_written(self, store: ArchiveStore) -> None:
        _, events = _statements("bad", QUOTES[:2])
        broken = [
            {**events[0], "statement_id": None},
            {**events[0], "statement_id": "st_x", "extracted_at": "yesterday"},
            {**events[0], "statement_id": "st_y", "kind": "rumour"},
            {**events[0], "statement_id": "st_z", "article_revision": 0},
            {**events[0], "statement_id": "st_big", "article_revision": 2**31},
            {**events[0], "statement_id": "st_idx", "index": 2**40},
            "not an object",
        ]
        result = store.write_statements([*broken, events[1]])
        assert result.inserted == 1
        assert len(result.rejected) == 7
        assert all(r.reason for r in result.rejected)
        assert store.count_statements() == 1

    def test_oversized_values_do_not_break_a_batch(self, store: ArchiveStore) -> None:
        # ~13 kB that does not compress: more than a PostgreSQL btree entry can hold
        huge = "Very Long Name " + " ".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(200))
        _, events = _statements("huge", QUOTES[:2])
        event = {**events[0], "speaker": {**events[0]["speaker"], "name": huge, "speaker_id": huge,
                                          "country": huge},
                 "article": {**events[0]["article"], "source": huge}}
        long_id = {**events[1], "statement_id": "st_" + "0" * 600}
        result = store.write_statements([event, long_id, events[1]])
        assert (result.inserted, len(result.rejected)) == (2, 1)
        assert store.count_statements(speaker="very long name") == 1

    def test_nul_characters_are_dropped_not_fatal(self, store: ArchiveStore) -> None:
        _, events = _statements("nul", QUOTES[:1])
        event = {**events[0], "content": {**events[0]["content"], "text": "talks\x00 resumed"}}
        assert store.write_statements([event]).inserted == 1
        assert self.search(store, text="resumed") == {"talks resumed"}
        article = make_article("nul-art", QUOTES[:1])
        article["body"] = "with\x00nul " + article["body"]
        assert store.write_articles([article]).inserted == 1

    # --- the replacement rule -----------------------------------------------------------

    def test_new_extractor_version_replaces_old_statements(self, store: ArchiveStore) -> None:
        _, old = _statements("r1", QUOTES[:3], version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, new = _statements("r1", QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements(old)
        result = store.write_statements(new)
        assert (result.inserted, result.deleted, result.superseded) == (2, 3, 0)
        assert store.count_statements(article_id="r1") == 2
        assert store.count_statements(article_id="r1", extractor_version="v1") == 0
        assert len(store.search(SearchQuery(text="talks", article_id="r1"))) == 2

    def test_new_revision_replaces_old_statements(self, store: ArchiveStore) -> None:
        _, old = _statements("r2", QUOTES[:3], revision=1)
        _, new = _statements("r2", QUOTES[1:2], revision=2)
        store.write_statements(old)
        result = store.write_statements(new)
        assert (result.inserted, result.deleted) == (1, 3)
        [row] = store.search(SearchQuery(article_id="r2"))
        assert row["article_revision"] == 2

    def test_late_old_extraction_is_skipped(self, store: ArchiveStore) -> None:
        _, old = _statements("r3", QUOTES[:3], version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, new = _statements("r3", QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements(new)
        result = store.write_statements(old)
        assert (result.inserted, result.updated, result.superseded, result.deleted) == (0, 0, 3, 0)
        assert store.count_statements(article_id="r3") == 2
        assert store.count_statements(extractor_version="v1") == 0

    def test_older_revision_loses_even_when_extracted_later(self, store: ArchiveStore) -> None:
        _, rev2 = _statements("r4", QUOTES[:2], revision=2, extracted_at="2024-10-01T00:00:00Z")
        _, rev1 = _statements("r4", QUOTES[:3], revision=1, extracted_at="2024-10-05T00:00:00Z")
        store.write_statements(rev2)
        assert store.write_statements(rev1).superseded == 3
        assert {r["article_revision"] for r in store.search(SearchQuery(article_id="r4"))} == {2}

    def test_same_extraction_accumulates_across_batches(self, store: ArchiveStore) -> None:
        _, events = _statements("r5", QUOTES)
        for event in events:
            result = store.write_statements([event])
            assert (result.inserted, result.deleted, result.superseded) == (1, 0, 0)
        assert store.count_statements(article_id="r5") == 4

    def test_one_batch_with_old_and_new_extractions(self, store: ArchiveStore) -> None:
        _, old = _statements("r6", QUOTES[:3], version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, new = _statements("r6", QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")
        result = store.write_statements([new[0], *old, new[1]])
        assert (result.inserted, result.superseded, result.deleted) == (2, 3, 0)
        assert store.count_statements(article_id="r6", extractor_version="v2") == 2
        assert store.count_statements(article_id="r6") == 2

    def test_rerun_of_current_extraction_keeps_it_current(self, store: ArchiveStore) -> None:
        # A (t1) archived; B made at t2; A re-run at t3 arrives before B: B must stay superseded.
        _, a1 = _statements("r7", QUOTES[:3], version="va", extracted_at="2024-10-01T00:00:00Z")
        _, b2 = _statements("r7", QUOTES[:2], version="vb", extracted_at="2024-10-02T00:00:00Z")
        _, a3 = _statements("r7", QUOTES[:3], version="va", extracted_at="2024-10-03T00:00:00Z")
        store.write_statements(a1)
        assert store.write_statements(a3).updated == 3
        assert store.write_statements(b2).superseded == 2
        assert store.count_statements(article_id="r7", extractor_version="va") == 3
        assert store.count_statements(article_id="r7") == 3

    def test_replacement_touches_only_its_article(self, store: ArchiveStore) -> None:
        _, other = _statements("keep-me", QUOTES[:2])
        _, old = _statements("r8", QUOTES[:2], version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, new = _statements("r8", QUOTES[:1], version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements([*other, *old])
        store.write_statements(new)
        assert store.count_statements(article_id="keep-me") == 2
        assert store.count_statements() == 3

    def test_replaced_text_is_gone_from_full_text_search(self, store: ArchiveStore) -> None:
        old_quotes = [Quote("Zebras are migrating north", "Jane Doe")]
        new_quotes = [Quote("Giraffes are migrating south", "Jane Doe")]
        _, old = _statements("r9", old_quotes, version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, new = _statements("r9", new_quotes, version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements(old)
        store.write_statements(new)
        assert self.search(store, text="zebras") == set()
        assert self.search(store, text="giraffes") == {"Giraffes are migrating south"}

    def test_new_article_revision_retires_older_statements(self, store: ArchiveStore) -> None:
        _, rev1 = _statements("r10", QUOTES[:3], revision=1)
        store.write_statements(rev1)
        article2 = make_article("r10", QUOTES[:1], revision=2)
        result = store.write_articles([article2])
        assert (result.inserted, result.deleted) == (1, 3)
        assert store.count_statements(article_id="r10") == 0
        assert store.write_statements(rev1).superseded == 3  # a late replay stays out
        _, rev2 = _statements("r10", QUOTES[:1], revision=2)
        assert store.write_statements(rev2).inserted == 1
        assert store.count_statements(article_id="r10") == 1

    def test_an_extraction_without_statements_retires_the_old_ones(self, store: ArchiveStore) -> None:
        article, old = _statements("m1", QUOTES[:3], version="v1", extracted_at="2024-10-01T00:00:00Z")
        store.write_statements(old)
        marker = extraction_marker(article, extractor_version="v2", extracted_at="2024-10-02T00:00:00Z")
        result = store.write_extractions([marker])
        assert (result.updated, result.deleted) == (1, 3)
        assert store.count_statements(article_id="m1") == 0
        assert store.write_statements(old).superseded == 3  # a late replay stays out
        assert store.write_extractions([marker]).updated == 1  # redelivery: no change
        assert store.count_statements(article_id="m1") == 0

    def test_a_marker_then_its_statements_accumulate(self, store: ArchiveStore) -> None:
        article, old = _statements("m2", QUOTES[:3], version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, new = _statements("m2", QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements(old)
        marker = extraction_marker(article, extractor_version="v2", extracted_at="2024-10-02T00:00:00Z")
        assert marker["extraction_id"] == new[0]["extraction_id"]
        store.write_extractions([marker])
        result = store.write_statements(new)
        assert (result.inserted, result.deleted, result.superseded) == (2, 0, 0)
        assert store.count_statements(article_id="m2") == 2

    def test_an_older_marker_is_superseded(self, store: ArchiveStore) -> None:
        article, new = _statements("m3", QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements(new)
        stale = extraction_marker(article, extractor_version="v1", extracted_at="2024-10-01T00:00:00Z")
        result = store.write_extractions([stale, {"article_id": "m3"}])
        assert (result.superseded, result.deleted, len(result.rejected)) == (1, 0, 1)
        assert store.count_statements(article_id="m3") == 2

    # --- articles -----------------------------------------------------------------------

    def test_articles_keep_the_highest_revision(self, store: ArchiveStore) -> None:
        rev1 = make_article("art", QUOTES[:1], revision=1, source="Wire", title="First")
        rev2 = make_article("art", QUOTES[:2], revision=2, source="Wire", title="Second")
        assert store.write_articles([rev2]).inserted == 1
        assert store.write_articles([rev1]).superseded == 1
        assert store.write_articles([rev2]).updated == 1
        stored = store.get_article("art")
        assert stored is not None
        assert stored == rev2
        assert store.get_article("missing") is None

    def test_articles_rejects_without_body(self, store: ArchiveStore) -> None:
        result = store.write_articles([{"article_id": "x"}, {"body": "text"}, make_article("ok", QUOTES[:1])])
        assert result.inserted == 1
        assert len(result.rejected) == 2

    def test_articles_since(self, store: ArchiveStore) -> None:
        for i, day in enumerate(("2024-10-03", "2024-10-01", "2024-10-02", "2024-10-04")):
            store.write_articles([make_article(f"as{i}", QUOTES[:1], published_at=f"{day}T12:00:00Z")])
        store.write_articles([make_article("ingested", QUOTES[:1], ingested_at="2024-10-02T18:00:00Z")])
        store.write_articles([make_article("undated", QUOTES[:1])])  # falls back to the archive time: now
        got = [a["article_id"] for a in store.articles_since("2024-10-02T00:00:00Z", "2024-10-04T12:00:00Z")]
        assert got == ["as2", "ingested", "as0"]
        paged = [a["article_id"] for a in store.articles_since("2024-10-01", page_size=2)]
        assert paged == ["as1", "as2", "ingested", "as0", "as3", "undated"]
        first = next(iter(store.articles_since("2024-10-01")))
        assert first["body"] and first["revision"] == 1 and first["schema"] == "article.v1"

    # --- search -------------------------------------------------------------------------

    def test_text_search(self, corpus: ArchiveStore) -> None:
        assert self.search(corpus, text="ceasefire") == {
            "The ceasefire must hold in Kursk", "Ceasefire ceasefire ceasefire now"}
        assert self.search(corpus, text="warn") == {  # stemming: warned, warns
            "We warned the council about the humanitarian corridor", "A wider war warns nobody"}
        assert self.search(corpus, text='"humanitarian corridor"') == {
            "We warned the council about the humanitarian corridor"}
        assert self.search(corpus, text="corridor humanitarian") == {
            "We warned the council about the humanitarian corridor",
            "Germany supports the corridor plan for humanitarian aid"}
        assert self.search(corpus, text="corridor -germany") == {
            "We warned the council about the humanitarian corridor"}
        assert self.search(corpus, text="sanctions OR court") == {
            "Sanctions will stay in place", "The court ruling stands and must be respected"}
        assert self.search(corpus, text="-ceasefire") == ALL_TEXTS - {
            "The ceasefire must hold in Kursk", "Ceasefire ceasefire ceasefire now"}
        assert self.search(corpus, text="KURSK") == {"The ceasefire must hold in Kursk"}
        assert self.search(corpus, text="nonexistentword") == set()
        assert self.search(corpus, text="   ") == ALL_TEXTS  # blank text: no text filter

    def test_text_search_ranks_by_relevance(self, corpus: ArchiveStore) -> None:
        ranked = corpus.search(SearchQuery(text="ceasefire"))
        assert ranked[0]["content"]["text"] == "Ceasefire ceasefire ceasefire now"
        newest = corpus.search(SearchQuery(text="ceasefire", order="newest"))
        assert [r["article_id"] for r in newest] == ["a3", "a1"]

    def test_speaker_filter(self, corpus: ArchiveStore) -> None:
        nebenzia = {
            "The ceasefire must hold in Kursk", "We warned the council about the humanitarian corridor"}
        assert self.search(corpus, speaker="nebenzia") == nebenzia
        assert self.search(corpus, speaker="Vassily NEBENZIA") == nebenzia
        assert self.search(corpus, speaker="VASSILY-NEBENZIA") == nebenzia  # the speaker id
        assert len(self.search(corpus, speaker="żUREK")) == 2  # non-ASCII case folding
        assert self.search(corpus, speaker="100%") == set()
        assert self.search(corpus, speaker="_") == set()

    def test_filters_fold_diacritics_as_alert_queries_do(self, corpus: ArchiveStore) -> None:
        """``search --speaker zurek`` finds what the alert ``speaker:zurek`` matches (one folding)."""
        from streams.alerts.match import match

        zurek = {"The court ruling stands and must be respected", "Ceasefire ceasefire ceasefire now"}
        for value in ("zurek", "ZUREK", "Żurek", "waldemar zurek"):
            assert self.search(corpus, speaker=value) == zurek, value
            alerted = {e["content"]["text"] for e in corpus.search(SearchQuery(limit=None))
                       if match(f'speaker:"{value}"', e)}
            assert alerted == zurek, value
        assert self.search(corpus, speaker="waldemar-zurek") == zurek  # the speaker id, folded
        jenca = [Quote("Talks resume", "Miroslav Jenča", "assistant secretary-général", "Nações Unidas", "Česko"),
                 Quote("Jenča will meet Żurek in Kraków", "Jane Doe")]
        accented = make_statements(make_article("a5", jenca), jenca, extractor_version="test-1",
                                   extracted_at=EXTRACTED)
        corpus.write_statements(accented)
        assert self.search(corpus, speaker="jenca") == {"Talks resume"}
        assert self.search(corpus, title="GENERAL") == {"Talks resume"}
        assert self.search(corpus, organization="nacoes") == {"Talks resume"}
        assert self.search(corpus, country="cesko") == {"Talks resume"}
        # full text folds diacritics too, as alert terms do (FTS5's unicode61; PostgreSQL's content_f)
        meeting = {"Jenča will meet Żurek in Kraków"}
        for text in ("jenca", "KRAKOW", "Kraków", '"meet zurek"', "jenča zurek"):
            assert self.search(corpus, text=text) == meeting, text
            assert {e["content"]["text"] for e in corpus.search(SearchQuery(limit=None))
                    if match(text, e)} == meeting, text
        assert self.search(corpus, text="-krakow resume") == {"Talks resume"}

    def test_migration_refolds_rows_archived_before_it(self, corpus: ArchiveStore) -> None:
        """Rows folded the old way (case only) are refolded by migration 0002, in its transaction."""
        with corpus._transaction() as conn:  # type: ignore[attr-defined]
            conn.execute("UPDATE statements SET speaker_name_f = 'waldemar żurek', "
                         "speaker_id_f = 'waldemar-żurek' WHERE speaker_name = 'Waldemar Żurek'")
            conn.execute("DELETE FROM schema_migrations WHERE version >= 2")
        assert self.search(corpus, speaker="zurek") == set()  # what an archive made before 0002 holds
        assert 2 in corpus.migrate()
        assert len(self.search(corpus, speaker="zurek")) == 2
        assert len(self.search(corpus, speaker="waldemar-zurek")) == 2
        assert corpus.count_statements() == 7

    def test_migration_0003_keeps_every_search_on_rows_archived_before_it(
        self, store_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An archive made with migrations 0001-0002 only, upgraded: the same searches find the same rows."""
        from streams.archive import migrator, postgres, sqlite

        def old_schema(dialect: migrator.Dialect) -> list[migrator.Migration]:
            return [m for m in migrator.load(dialect) if m.version < 3]

        with monkeypatch.context() as patch:
            patch.setattr(sqlite, "load", old_schema)
            patch.setattr(postgres, "load", old_schema)
            with open_store(store_url, migrate=True) as old:
                for article_id, meta, quotes, extracted_at in CORPUS:
                    _, events = _statements(article_id, quotes, extracted_at=extracted_at, **meta)
                    old.write_statements(events)
                queries = [{"speaker": "nebenzia"}, {"speaker": "waldemar-zurek"}, {"speaker": "zurek",
                           "text": "ceasefire"}, {"text": '"humanitarian corridor"'}, {"country": "germany"}]
                before = [self.search(old, **q) for q in queries]
        assert all(before)
        with open_store(store_url) as store:
            assert 3 in store.migrate()
            assert [self.search(store, **q) for q in queries] == before
            assert store.count_statements() == 7

    def test_role_filters(self, corpus: ArchiveStore) -> None:
        assert self.search(corpus, title="MINISTER") == {
            "Germany supports the corridor plan for humanitarian aid",
            "The court ruling stands and must be respected", "Ceasefire ceasefire ceasefire now"}
        assert len(self.search(corpus, organization="united nations")) == 2
        assert self.search(corpus, country="germany") == {
            "Germany supports the corridor plan for humanitarian aid", "Sanctions will stay in place"}
        assert len(self.search(corpus, country="POLAND")) == 2
        assert self.search(corpus, country="Pol") == set()  # country is exact

    def test_kind_and_source_filters(self, corpus: ArchiveStore) -> None:
        assert self.search(corpus, kind="indirect") == {
            "We warned the council about the humanitarian corridor",
            "The court ruling stands and must be respected", "A wider war warns nobody"}
        assert len(self.search(corpus, kind=("direct", "mixed"))) == 4
        assert self.search(corpus, source="reuters") == {
            "The ceasefire must hold in Kursk", "We warned the council about the humanitarian corridor",
            "A wider war warns nobody"}
        with pytest.raises(ValueError, match="kind"):
            SearchQuery(kind="rumour")

    def test_time_filters(self, corpus: ArchiveStore) -> None:
        a1 = {q.text for q in CORPUS[0][2]}
        assert self.search(corpus, until="2024-10-05T09:30:00Z") == a1  # until is exclusive
        assert len(self.search(corpus, since="2024-10-05T09:30:00Z")) == 5  # since is inclusive
        # a3 was published 10:00+02:00 = 08:00Z
        assert len(self.search(corpus, since="2024-10-10T08:00:00Z", until="2024-10-10T08:00:01Z")) == 2
        # a4 has no publication time: its extraction time (2024-10-20) counts
        assert self.search(corpus, since="2024-10-15") == {"A wider war warns nobody"}
        assert "A wider war warns nobody" not in self.search(corpus, until="2024-10-15")
        with pytest.raises(ValueError, match="since"):
            corpus.search(SearchQuery(since="last tuesday"))

    def test_combined_filters(self, corpus: ArchiveStore) -> None:
        assert self.search(corpus, text="corridor", country="germany", kind="mixed") == {
            "Germany supports the corridor plan for humanitarian aid"}
        assert self.search(corpus, text="ceasefire", speaker="nebenzia", since="2024-10-01") == {
            "The ceasefire must hold in Kursk"}
        assert corpus.count_statements(text="ceasefire", source="PAP") == 1

    def test_newest_first_with_limit_and_offset(self, corpus: ArchiveStore) -> None:
        everything = corpus.search(SearchQuery(limit=None))
        assert [(r["article_id"], r["index"]) for r in everything] == [
            ("a4", 0), ("a3", 0), ("a3", 1), ("a2", 0), ("a2", 1), ("a1", 0), ("a1", 1)]
        page = corpus.search(SearchQuery(limit=2, offset=1))
        assert [(r["article_id"], r["index"]) for r in page] == [("a3", 0), ("a3", 1)]
        assert corpus.search(SearchQuery(limit=0)) == []
        assert corpus.count_statements() == 7

    def test_count_rejects_unknown_filters(self, store: ArchiveStore) -> None:
        with pytest.raises(TypeError, match="speeker"):
            store.count_statements(speeker="x")

    @pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
    def test_hostile_search_text_never_errors(self, corpus: ArchiveStore, text: str) -> None:
        results = corpus.search(SearchQuery(text=text, limit=5))
        assert isinstance(results, list)
        assert corpus.count_statements(text=text) >= 0
        corpus.search(SearchQuery(speaker=text, title=text, organization=text, country=text, source=text))
        assert corpus.count_statements() == 7  # nothing dropped

    def test_a_phrase_over_the_word_limit_is_refused_with_the_limit(self, corpus: ArchiveStore) -> None:
        """A 20,000-word phrase used to end in "stack depth limit exceeded" on PostgreSQL."""
        for text in ('"' + " ".join(["word"] * 20_000) + '"', "-".join(["word"] * 20_000),
                     "_".join(["word"] * 20_000), "\u00b2".join(["word"] * 20_000),  # "_", "²": one \w+ word,
                     # but PostgreSQL's parser splits at them
                     "ceasefire -\"" + " ".join(["word"] * 101) + '"'):
            with pytest.raises(ValueError, match=r"at most 100 words; this one has (20000|101)"):
                corpus.search(SearchQuery(text=text))
            with pytest.raises(ValueError, match="at most 100 words"):
                corpus.count_statements(text=text)
        # at the limit, in every term the query may have, it works
        longest = " ".join(f'"{" ".join(["word"] * 100)}"' for _ in range(64))
        assert corpus.search(SearchQuery(text=longest)) == []
        assert self.search(corpus, text="ceasefire -" + "-".join(["word"] * 100)) == {
            "The ceasefire must hold in Kursk", "Ceasefire ceasefire ceasefire now"}

    # --- stats --------------------------------------------------------------------------

    def test_stats(self, corpus: ArchiveStore) -> None:
        stats = corpus.stats(top=2, days=3)
        totals = stats["totals"]
        assert totals["statements"] == 7
        assert totals["articles_with_statements"] == 4
        assert totals["articles"] == 4
        assert totals["speakers"] == 4
        assert totals["sources"] == 3
        assert totals["unattributed"] == 1
        assert totals["first"].startswith("2024-10-01T08:00:00")
        assert totals["last"].startswith("2024-10-20T00:00:00")
        assert stats["by_day"] == [
            {"day": "2024-10-05", "statements": 2},
            {"day": "2024-10-10", "statements": 2},
            {"day": "2024-10-20", "statements": 1},
        ]
        assert stats["by_source"] == [
            {"source": "Reuters", "statements": 3}, {"source": "AP", "statements": 2}]
        assert stats["by_speaker"][0]["statements"] == 2
        assert {s["speaker_id"] for s in stats["by_speaker"]} <= {"vassily-nebenzia", "waldemar-żurek"}
        assert stats["by_kind"] == {"direct": 3, "mixed": 1, "indirect": 3}

    def test_stats_of_an_empty_store(self, store: ArchiveStore) -> None:
        stats = store.stats()
        assert stats["totals"]["statements"] == 0
        assert stats["by_day"] == [] and stats["by_source"] == [] and stats["by_speaker"] == []
