"""Speaker memory: remembering roles across articles and recalling them later."""
from __future__ import annotations

from streams.nlp.memory import (
    SpeakerRecord,
    add_alias,
    alias_key,
    alias_keys,
    lookup_key,
    pick_alias,
    recall,
    remember,
)
from streams.nlp.model import Speaker

AUSTIN = Speaker("Lloyd Austin", "person", "Defense Secretary", None, "United States", "person:lloyd-austin",
                 "article", ("Austin", "Lloyd Austin"))
BARE_AUSTIN = Speaker("Austin", "person", None, None, None, "person:austin", None, ("Austin",))


def test_record_round_trips_through_a_plain_dict() -> None:
    rec = remember(None, AUSTIN, "2024-10-30T10:00:00Z")
    again = SpeakerRecord.from_dict(rec.to_dict())
    assert again == rec
    assert rec.to_dict()["title"] == "Defense Secretary"
    assert (rec.first_seen, rec.last_seen) == ("2024-10-30", "2024-10-30")  # days: see seen_day


def test_a_later_article_that_says_only_austin_gets_the_title_from_memory() -> None:
    table: dict[str, object] = {}
    rec = remember(None, AUSTIN, "2024-10-30")
    table[AUSTIN.speaker_id] = rec.to_dict()
    for key in alias_keys(AUSTIN):
        table[key] = add_alias(table.get(key), AUSTIN.speaker_id, "2024-10-30")  # type: ignore[arg-type]
    key = lookup_key(BARE_AUSTIN)
    assert key == alias_key("person", "Austin") == "alias:person:austin"
    sid = pick_alias(table.get(key), BARE_AUSTIN)  # type: ignore[arg-type]
    assert sid == "person:lloyd-austin"
    out = recall(BARE_AUSTIN, SpeakerRecord.from_dict(table[sid]), "2024-11-02")  # type: ignore[arg-type]
    assert (out.name, out.speaker_id, out.title, out.country, out.role_source) == (
        "Lloyd Austin", "person:lloyd-austin", "Defense Secretary", "United States", "memory")


def test_a_known_title_is_not_overwritten_by_none() -> None:
    rec = remember(None, AUSTIN, "2024-10-30")
    untitled = Speaker("Lloyd Austin", "person", None, None, "United States", "person:lloyd-austin",
                       "article")
    rec = remember(rec, untitled, "2024-11-05")
    assert rec.title == "Defense Secretary"
    assert rec.last_seen == "2024-11-05"


def test_the_latest_stated_role_wins_and_the_old_one_is_kept_for_backfills() -> None:
    minister = Speaker("Ann Lee", "person", "Health Minister", None, "Canada", "person:ann-lee", "article")
    premier = Speaker("Ann Lee", "person", "Premier", None, "Canada", "person:ann-lee", "article")
    rec = remember(None, minister, "2019-03-01")
    rec = remember(rec, premier, "2023-06-01")
    assert rec.title == "Premier"
    bare = Speaker("Ann Lee", "person", None, None, None, "person:ann-lee", None)
    assert recall(bare, rec, "2024-01-01").title == "Premier"
    assert recall(bare, rec, "2020-05-01").title == "Health Minister"  # an old article during a backfill


def test_an_older_article_arriving_late_does_not_replace_the_current_role() -> None:
    minister = Speaker("Ann Lee", "person", "Health Minister", None, "Canada", "person:ann-lee", "article")
    premier = Speaker("Ann Lee", "person", "Premier", None, "Canada", "person:ann-lee", "article")
    rec = remember(None, premier, "2023-06-01")
    rec = remember(rec, minister, "2019-03-01")
    assert rec.title == "Premier"
    assert rec.first_seen == "2019-03-01"


def test_roles_from_memory_or_registry_are_not_learnt_back() -> None:
    from_memory = Speaker("Lloyd Austin", "person", "Chief", None, None, "person:lloyd-austin", "memory")
    rec = remember(remember(None, AUSTIN, "2024-10-30"), from_memory, "2024-11-01")
    assert rec.title == "Defense Secretary"


def test_recall_keeps_the_articles_own_title() -> None:
    rec = remember(None, AUSTIN, "2024-10-30")
    stated = Speaker("Lloyd Austin", "person", "former general", None, None, "person:lloyd-austin", "article")
    out = recall(stated, rec)
    assert out.title == "former general"
    assert out.role_source == "article"
    assert out.country == "United States"  # a missing country is still completed


def test_alias_candidates_prefer_the_most_recent_and_a_matching_country() -> None:
    entry = add_alias(None, "person:kim-jong-un", "2024-10-01")
    entry = add_alias(entry, "person:kim-jong-hyun", "2024-10-30")
    bare = Speaker("Kim", "person", None, None, None, "person:kim", None)
    assert pick_alias(entry, bare) == "person:kim-jong-hyun"
    records = {
        "person:kim-jong-un": SpeakerRecord("person:kim-jong-un", "Kim Jong Un", "person", "leader", None,
                                            "North Korea"),
        "person:kim-jong-hyun": SpeakerRecord("person:kim-jong-hyun", "Kim Jong-hyun", "person", "Minister",
                                              None, "South Korea"),
    }
    north = Speaker("Kim", "person", None, None, "North Korea", "person:kim", "article")
    assert pick_alias(entry, north, records) == "person:kim-jong-un"


def test_full_names_need_no_alias_lookup_and_anonymous_speakers_are_not_remembered() -> None:
    assert lookup_key(AUSTIN) is None
    anon = Speaker(None, "anonymous", "official", None, "Ukraine", "anonymous:official/ukraine", "article")
    assert alias_keys(anon) == []
    rec = SpeakerRecord("anonymous:official/ukraine", None, "anonymous", "spokesman")
    assert recall(anon, rec) is anon
