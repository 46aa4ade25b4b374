"""RoleBook.overlay_all overlays a speaker object named by several statements once: each statement still
gets what overlaying its own speaker gives, as of the date of the call."""
from __future__ import annotations

import pytest

from streams.nlp.kb import KB, load_kb
from streams.nlp.model import Speaker
from streams.speaker_roles import RoleBook


@pytest.fixture(scope="module")
def kb() -> KB:
    store = load_kb()
    assert store is not None, "the package ships a KB"
    return store


def test_a_repeated_speaker_gets_what_overlaying_it_alone_gives(kb: KB) -> None:
    book = RoleBook(kb=kb)
    named = Speaker(name="Donald Trump", type="person")
    described = Speaker(name="Donald Trump", type="person", title="businessman", role_source="article")
    other = Speaker(name="Ana Ruiz", type="person", title="mayor", role_source="article")
    speakers: list[Speaker | None] = [named, described, None, named, other, described]
    got = book.overlay_all(speakers, "2018-06-01")
    assert got == [book.overlay(s, "2018-06-01") if s else None for s in speakers]
    assert got[0] is not None and got[0].title == "President"
    assert got[1] is not None and got[1].title == "businessman"  # the same name, its own title: not the first's
    assert got[4] is not None and got[4].kb_id is None


def test_each_call_overlays_as_of_its_own_date(kb: KB) -> None:
    book = RoleBook(kb=kb)
    named = Speaker(name="Donald Trump", type="person")
    before = book.overlay_all([named, named], "2016-09-08")
    during = book.overlay_all([named, named], "2018-06-01")
    assert [s.title if s else "" for s in before] == [None, None]  # not yet in office
    assert [s.title if s else "" for s in during] == ["President", "President"]
