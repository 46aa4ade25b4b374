"""speakers.index: the entity index an article's resolvers share, built once and kept up to date."""
from __future__ import annotations

from streams.nlp.model import Span, Statement
from streams.nlp.speakers import index
from streams.nlp.speakers.article import _Article
from streams.nlp.speakers.entities import _ByEntity
from streams.nlp.speakers.words import _UNSEEN

TEXT = ("Lena Ortiz, the mayor, met Tom Reyes on Monday. Ortiz said the budget was sound. "
        "The mayor said taxes would not rise. She said the vote was close. "
        "Reyes said he disagreed. A city official said talks went on.")


def _statements(text: str, mentions: list[tuple[str, int]]) -> list[Statement]:
    out = []
    for word, nth in mentions:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        out.append(Statement("indirect", (Span(0, 1),), None, Span(start, start + len(word)), 0, 1.0))
    return out


def _resolved(text: str, mentions: list[tuple[str, int]]) -> _Article:
    art = _Article(text)
    art.resolve_all(_statements(text, mentions))
    return art


def _grouped(by: _ByEntity) -> list[tuple[int, list[int]]]:
    return [(id(ent), [p for p, _ in places]) for ent, places in by.in_order()]


MENTIONS = [("Ortiz", 1), ("The mayor", 0), ("She", 0), ("Reyes", 1), ("he", 2), ("A city official", 0)]


def test_a_surname_and_its_full_name_are_one_entity_of_the_index() -> None:
    art = _resolved(TEXT, MENTIONS)
    full, surname = (index.occurrences(art, w) for w in ("Lena", "Ortiz"))
    assert full and len(surname) == 2
    assert index.ent(art, full[0]) is index.ent(art, surname[1])
    assert index.full_name(art, index.ent(art, surname[1])) == "Lena Ortiz"  # type: ignore[arg-type]
    assert art.index.occ["Ortiz"] is surname  # looked up once, then kept


def test_people_kept_up_to_date_equal_the_people_read_again() -> None:
    """Resolutions of descriptions and pronouns are added to the index as they are made; the list
    and its by-entity grouping must match what reading the whole article again gives."""
    art = _resolved(TEXT, MENTIONS)
    kept = index.people_list(art)
    index._by_entity(art, "people")
    art2 = _resolved(TEXT, MENTIONS)
    assert [(p, index.full_name(art, e)) for p, e in kept] == [(p, index.full_name(art2, e))
                                                                for p, e in index.people(art2)]
    fresh = _ByEntity()
    for p, e in index.people(art):
        fresh.add(p, e)
    assert _grouped(index._by_entity(art, "people")) == _grouped(fresh)


def test_resolutions_after_the_people_list_was_built_reach_it_in_order() -> None:
    art = _Article(TEXT)
    index.people_list(art)  # built before any description or pronoun is resolved
    by = index._by_entity(art, "people")
    art.resolve_all(_statements(TEXT, MENTIONS))
    kept = [p for p, _ in art.index.people_list or []]
    assert kept == sorted(kept)
    assert TEXT.index("She") in kept  # the pronoun's resolution was added
    assert sum(len(places) for _, places in by.in_order()) == len(kept)


def test_the_speakers_mentions_are_listed_in_text_order() -> None:
    art = _resolved(TEXT, MENTIONS)
    spk = art.index.spk
    assert [p for p, _ in spk] == sorted(p for p, _ in spk)
    names = {TEXT[p:p + 3]: index.full_name(art, e) for p, e in spk}
    assert names["She"] == "Lena Ortiz"
    assert names["he "] == "Tom Reyes"


def test_chunks_are_decoded_only_when_asked() -> None:
    """The index reads a name only when a mention, an antecedent search or a role read needs it:
    a name far after every mention, with nothing pointing to it, stays undecoded."""
    text = "Tom Reyes said the budget was sound. " + "The day went on. " * 200 + "Zed Quorra left."
    art = _resolved(text, [("Tom Reyes", 0)])
    last = len(art.doc.cs or []) - 1
    assert art.doc.ct[last] == "Zed Quorra"
    assert art.index.info[last] is _UNSEEN
    assert art.index.info[0] is not _UNSEEN
