"""A person described by a plain person noun ("a woman", "the Ohio man", "Stone's right-hand
man"): the named person the article ties to the possessor nearby, else someone unnamed.

A person noun states no role, so the description cannot be fitted to a person by role as
"the Ohio governor" is (:mod:`.fitting`). When a named person is the possessor's ("Stone's
right-hand man" ... "Bob Reyes, an adviser to Stone,"), their tie is the evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import roles as R
from . import document as _document
from . import index as _index
from . import persons as _persons
from . import role_evidence as _role_evidence
from .entities import _Entity

if TYPE_CHECKING:
    from .article import _Article


_SENTENCES_AFTER = 2
"""How far on a lead's description may wait for its name: the next two sentences ("Stone's
right-hand man rallied supporters. Bob Reyes, an adviser to Stone, wrote ...")."""


def person_noun(art: _Article, s: int, e: int, words: list[str], hl: str, role: R.Role | None) -> _Entity:
    """The entity of a description headed by a person noun (``hl``): the possessor's associate
    named nearby, else an unnamed person."""
    owner = _possessor(words)
    gender = _persons.word_gender(hl)
    if owner is not None:
        tied = _tied_person(art, s, e, owner, gender)
        if tied is not None:
            return tied
    someone = _index._adhoc(art, "anonymous", None, role)
    if gender is not None:  # "A woman said ... “...,” she said": she is the woman
        someone.gender, someone.gender_known = gender, True
    return someone


def _possessor(words: list[str]) -> str | None:
    """The surname of a capitalised possessor: "Clinton" of "Hillary Clinton's right-hand woman"."""
    for w in words:
        if w.endswith(("'s", "’s")) and w[:1].isupper() and len(w) > 3:
            return w[:-2]
    return None


def _tied_person(art: _Article, s: int, e: int, owner: str, want: str | None) -> _Entity | None:
    """The one person named from the sentence before ``s`` to two sentences after it, other than
    the possessor, whose stated roles name the possessor ("an adviser to Stone", "vice chair of
    Stone's campaign"); None when none or several are."""
    ss, b = _document.sentence(art, s)
    a = _document.prev_sentence(art, ss)
    for _ in range(_SENTENCES_AFTER):
        nxt = _document.next_sentence(art, b)
        if nxt is None:
            break
        b = nxt[1]
    found: list[_Entity] = []
    for p, ent in _index.mentions_in(art, ss if a is None else a, b):
        if s <= p < e or ent in found or ent.kind != "person" or ent.tokens[-1:] == (owner,):
            continue
        if want is not None and _persons.gender(art, ent) not in (None, want):
            continue
        if _persons.is_someone(art, ent) and any(_names_owner(r, owner) for _, r in _role_evidence.roles(art, ent)):
            found.append(ent)
    return found[0] if len(found) == 1 else None


def _names_owner(r: R.Role, owner: str) -> bool:
    """Whether a stated role is held for ``owner``: its possessor, or a word of its title or body."""
    if r.owner is not None and r.owner.split()[-1] == owner:
        return True
    for phrase in (r.title, r.organization):
        if phrase and any(w.rstrip("’'s") == owner or w == owner for w in R.tokens(phrase)):
            return True
    return False
