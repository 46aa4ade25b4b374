"""The replacement rule as a pure function: newest extraction wins, whatever the arrival order."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from archive_contract import QUOTES, _statements
from hypothesis import given
from hypothesis import strategies as st

from streams.archive.replacement import Extraction, plan_article, plan_batch
from streams.archive.rows import StatementRow, statement_row

T = datetime(2024, 10, 1, tzinfo=UTC)


def rows(
    article_id: str, *, revision: int = 1, version: str = "v1", hours: int = 0, n: int = 2
) -> list[StatementRow]:
    at = (T + timedelta(hours=hours)).isoformat()
    _, events = _statements(article_id, QUOTES[:n], revision=revision, version=version, extracted_at=at)
    return [statement_row(e) for e in events]


def test_first_extraction_is_kept() -> None:
    plan = plan_article("a", None, rows("a"))
    assert len(plan.keep) == 2 and not plan.superseded and not plan.replaces and plan.changed


def test_newer_extraction_replaces() -> None:
    current = Extraction.of(rows("a", version="v1")[0])
    plan = plan_article("a", current, rows("a", version="v2", hours=1))
    assert plan.replaces and plan.after.extractor_version == "v2" and len(plan.keep) == 2


def test_older_extraction_is_superseded() -> None:
    current = Extraction.of(rows("a", version="v2", hours=1)[0])
    plan = plan_article("a", current, rows("a", version="v1"))
    assert not plan.keep and len(plan.superseded) == 2 and not plan.changed and not plan.replaces


def test_revision_beats_time() -> None:
    current = Extraction.of(rows("a", revision=2)[0])
    plan = plan_article("a", current, rows("a", revision=1, hours=48))
    assert len(plan.superseded) == 2


def test_same_extraction_accumulates_and_advances_its_time() -> None:
    first = rows("a", n=1)
    current = Extraction.of(first[0])
    later = rows("a", n=2, hours=5)
    plan = plan_article("a", current, later)
    assert len(plan.keep) == 2 and not plan.replaces and plan.changed
    assert plan.after.extracted_at == T + timedelta(hours=5)


def test_floor_supersedes_older_revisions_and_loses_to_its_own() -> None:
    floor = Extraction.floor(2)
    assert len(plan_article("a", floor, rows("a", revision=1, hours=99)).superseded) == 2
    plan = plan_article("a", floor, rows("a", revision=2))
    assert len(plan.keep) == 2 and not plan.replaces  # nothing older is left to delete


def test_exact_ties_break_on_the_extraction_id() -> None:
    a, b = rows("a", version="x"), rows("a", version="y")
    winner = max(Extraction.of(a[0]), Extraction.of(b[0]))
    for order in ([*a, *b], [*b, *a]):
        assert plan_article("a", None, order).after == winner


def test_plan_batch_groups_by_article_in_id_order() -> None:
    plans = plan_batch({}, [*rows("b"), *rows("a")])
    assert [p.article_id for p in plans] == ["a", "b"]


EXTRACTIONS = st.lists(
    st.tuples(st.integers(1, 3), st.sampled_from(["v1", "v2", "v3"]), st.integers(0, 5)),
    min_size=1,
    max_size=6,
)


@given(EXTRACTIONS, st.randoms())
def test_outcome_does_not_depend_on_arrival_order(extractions: list[tuple[int, str, int]], rnd) -> None:  # type: ignore[no-untyped-def]
    """Feeding extractions batch by batch in any order ends with the same current extraction."""
    batches = [rows("a", revision=r, version=v, hours=h) for r, v, h in extractions]
    expected = max(Extraction.of(b[0]) for b in batches)
    shuffled = list(batches)
    rnd.shuffle(shuffled)
    current = None
    for batch in shuffled:
        current = plan_article("a", current, batch).after
    assert current is not None
    assert current.extraction_id == expected.extraction_id
    assert current.extracted_at == max(
        Extraction.of(b[0]).extracted_at for b in batches if b[0].extraction_id == expected.extraction_id
    )
