"""How text is folded for matching, the one definition alerts and the archive's search share.

Matching is case- and diacritics-insensitive: "Jenča", "JENCA" and "jenca" are the
same word, "Pyongyang's" is the two words ``pyongyang s``. The alert query compiler
and statement preparation call ``words`` (``streams.alerts.folding`` re-exports this
module), and the archive stores its filter columns (``*_f``) and folds search filters
with ``fold``, so ``speaker:jenca`` and ``search --speaker jenca`` find the same statements.
"""
from __future__ import annotations

import re
import unicodedata

# Letters that carry their "diacritic" in the base character, so NFKD leaves them alone.
_LETTERS = {
    "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ı": "i", "ŀ": "l",
    "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ß": "ss",
}
# One translate table: drop every combining mark, replace the letters above. (No code point
# above U+1FFFF has a combining class, so the scan stops there and the import stays fast.)
_TABLE: dict[int, str | None] = {cp: None for cp in range(0x20000) if unicodedata.combining(chr(cp))}
_TABLE.update({ord(k): v for k, v in _LETTERS.items()})

WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics ("Miroslav Jenča" → "miroslav jenca")."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_TABLE)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order: runs of letters, digits and ``_``."""
    return WORD.findall(fold(text))
