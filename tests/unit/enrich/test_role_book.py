"""RoleBook: registry and memory overlaid on resolved speakers, in the order users expect."""
from __future__ import annotations

from pathlib import Path

from streams.extract import analyse
from streams.nlp.registry import Registry
from streams.speaker_roles import RoleBook

REGISTRY = """
people:
  - name: Mara Lindqvist
    country: Sweden
    roles:
      - {title: Foreign Minister, valid_from: 2019-01-01, valid_to: 2022-06-30}
      - {title: Prime Minister, valid_from: 2022-07-01}
"""


def speakers(book: RoleBook, article: dict) -> list:
    return [book.apply(sp, article) for _, sp in analyse(article) if sp is not None]


def article(article_id: str, body: str, published: str) -> dict:
    return {"article_id": article_id, "body": body, "published_at": published}


def test_a_surname_in_a_later_article_gets_name_and_role_from_memory() -> None:
    book = RoleBook({})
    (first,) = speakers(book, article("1", '"We are ready," Finance Minister Odile Varga said on Monday.',
                                      "2024-03-01T10:00:00Z"))
    assert first.title == "Finance Minister" and first.role_source == "article"
    (later,) = speakers(book, article("2", 'The vote was close. "It is done," Varga said.', "2024-03-04T10:00:00Z"))
    assert (later.name, later.title, later.role_source) == ("Odile Varga", "Finance Minister", "memory")
    assert later.speaker_id == first.speaker_id


def test_memory_never_learns_from_its_own_guesses_and_unknown_speakers_stay_unknown() -> None:
    book = RoleBook({})
    (alone,) = speakers(book, article("1", '"It is done," Varga said.', "2024-03-04T10:00:00Z"))
    assert alone.title is None and alone.role_source is None
    assert not any(key.startswith("person:") and book.memory[key].get("title") for key in book.memory)


def test_registry_role_as_of_the_article_date_beats_memory_for_a_backfill(tmp_path: Path) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(REGISTRY)
    book = RoleBook({}, Registry.load(path))
    (new,) = speakers(book, article("n", '"We will act," Lindqvist said.', "2023-05-01T00:00:00Z"))
    assert (new.name, new.title, new.role_source) == ("Mara Lindqvist", "Prime Minister", "registry")
    (old,) = speakers(book, article("o", '"We will act," Lindqvist said.', "2020-05-01T00:00:00Z"))
    assert (old.title, old.role_source) == ("Foreign Minister", "registry")
    # what the article itself says still wins
    (stated,) = speakers(book, article("s", '"We will act," Swedish trade envoy Mara Lindqvist said.',
                                       "2023-05-01T00:00:00Z"))
    assert stated.role_source == "article" and "envoy" in (stated.title or "")


class CountingMemory(dict):
    """A plain memory that counts reads and writes (each write is a changelog record in the workers)."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0
        self.writes = 0

    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        self.reads += 1
        return super().get(key, default)

    def __setitem__(self, key, value) -> None:  # type: ignore[no-untyped-def]
        self.writes += 1
        super().__setitem__(key, value)


BRIEFING = ('"We are ready," Finance Minister Odile Varga said on Monday. "The bill is fair," Varga said. '
            'Trade envoy Piet Osei disagreed. "It is not," Osei said. "We will see," Varga said. '
            '"Never," Osei added.')


def test_an_article_restating_what_memory_knows_the_same_day_writes_nothing() -> None:
    book = RoleBook(CountingMemory())
    book.apply_all([sp for _, sp in analyse(article("1", BRIEFING, "2024-03-04T08:00:00Z"))],
                   article("1", BRIEFING, "2024-03-04T08:00:00Z"))
    assert book.memory.writes > 0
    before = book.memory.writes
    book.apply_all([sp for _, sp in analyse(article("2", BRIEFING, "2024-03-04T17:30:00Z"))],
                   article("2", BRIEFING, "2024-03-04T17:30:00Z"))
    assert book.memory.writes == before  # later the same day: nothing new to remember
    book.apply_all([sp for _, sp in analyse(article("3", BRIEFING, "2024-03-05T08:00:00Z"))],
                   article("3", BRIEFING, "2024-03-05T08:00:00Z"))
    assert book.memory.writes > before  # the next day: last seen moves on


def test_apply_all_gives_what_applying_each_statement_in_turn_gives_with_fewer_reads() -> None:
    """An article's repeated speaker objects are recalled once while memory is unchanged, and again after
    a write (a later speaker of the same article may teach memory something an earlier one recalls)."""
    day1 = article("1", BRIEFING, "2024-03-04T08:00:00Z")
    day2 = article("2", 'Varga spoke first. "No," Varga said. "Yes," Osei said. "Maybe," Varga said. '
                        '"Later," Osei said.', "2024-03-09T08:00:00Z")
    later = {**day2, "article_id": "3", "published_at": "2024-03-09T11:00:00Z"}  # nothing new: no writes
    each, once = RoleBook(CountingMemory()), RoleBook(CountingMemory())
    for art in (day1, day2, later):
        spoken = [sp for _, sp in analyse(art)]
        assert len(spoken) != len({id(s) for s in spoken})  # resolution repeats speaker objects
        plain = [each.apply(sp, art) if sp else None for sp in spoken]
        assert once.apply_all(spoken, art) == plain
        assert dict(once.memory) == dict(each.memory)
    assert once.memory.writes == each.memory.writes
    assert once.memory.reads < each.memory.reads


def test_a_repeated_speaker_recalls_what_another_speaker_of_the_same_article_taught_memory() -> None:
    """``apply_all`` recalls a repeated speaker object once only while memory is unchanged: here the second
    "Varga" must find the role "Finance Minister Odile Varga" wrote in between."""
    from streams.nlp.model import Speaker

    bare = Speaker("Varga", "person")
    full = Speaker("Odile Varga", "person", "Finance Minister", None, "Hungary", "person:odile-varga", "article")
    art = article("1", "(speakers given directly)", "2024-03-04T08:00:00Z")
    first, _, again = RoleBook(CountingMemory()).apply_all([bare, full, bare], art)
    assert first is not None and again is not None
    assert (first.title, again.title, again.name) == (None, "Finance Minister", "Odile Varga")
