"""The name keys read each name's words once (kept per name): callers still get words of their own, and the
keys are what the words give, on invented names."""
from __future__ import annotations

import pytest

from streams.nlp.kb.keys import name_key, name_word_count, name_words, short_key, surname_key, translit_key

NAMES = ["Sen. Lindsey O. Graham", "Donald Trump Jr.", "Şenol Kaya", "Kaya", "Mr.", "O’Malley", "Vasiliy Nebenzija",
         "Dr. Anna-Maria von Ruiz III", ""]


@pytest.mark.parametrize("name", NAMES)
def test_keys_follow_the_words(name: str) -> None:
    words = name_words(name)
    assert name_key(name) == " ".join(words) and name_word_count(name) == len(words)
    assert surname_key(name) == (words[-1] if len(words) > 1 else None)
    assert short_key(name) == (f"{words[0]} {words[-1]}" if len(words) > 2 else None)
    assert translit_key(name).count(" ") == max(len(words) - 1, 0)


def test_each_caller_gets_its_own_words() -> None:
    first = name_words("Sen. Lindsey O. Graham")
    assert first == ["lindsey", "o", "graham"]
    first.append("changed")
    assert name_words("Sen. Lindsey O. Graham") == ["lindsey", "o", "graham"]
    assert name_key("Sen. Lindsey O. Graham") == "lindsey o graham"
