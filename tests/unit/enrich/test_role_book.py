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
