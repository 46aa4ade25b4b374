"""Resolving a mention that names someone: the name chunk inside the mention ("the US envoy
to the UN, Robert Wood" -> Robert Wood), listed names ("The Democratic candidates, Hillary
Clinton and Senator Bernie Sanders") and coordinations ("Mark Blumenthal and Jon Cohen") as
groups, and a document by a named author ("calculations by Amy Reed").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from .. import roles as R
from . import document as _document
from . import index as _index
from . import persons as _persons
from .entities import _Entity
from .mentions import _decompose, _name_tail
from .words import _LISTED_NAMES, _NAME_RUN, _UNSEEN, _WORD

if TYPE_CHECKING:
    from .article import _Article


# "Democrats and Republicans", "Mark Blumenthal and Jon Cohen", "She and her husband"
_COORDINATION = re.compile(
    r"^(?:[Tt]he |[Mm]any |[Ss]ome |[Ss]everal |[Bb]oth )?[\w.'’-]+(?: [\w.'’-]+){0,3} and ")


_PLURAL_LISTING = re.compile(rf"((?:[Tt]he |[Tt]wo |[Tt]hree |[Bb]oth )?(?:[\w-]+ ){{0,3}}[a-z][\w-]*s),[ \u00a0]+"
                             rf"({_NAME_RUN}(?:,[ \u00a0]+{_NAME_RUN})*,?[ \u00a0]+and[ \u00a0]+{_NAME_RUN}),?\Z")


_AUTHORED = re.compile(r"\s(?:by|from)\s(?:the\s)?")


def _head_entity(art: _Article, s: int, e: int, groups: bool = True) -> _Entity | None:
    """The name the mention is about: "the US envoy to the UN, Robert Wood" -> Robert Wood."""
    text = art.text
    cs = _document.chunks(art)
    i = bisect_left(cs, s)
    if i > 0 and art.doc.ce[i - 1] > s:
        i -= 1
    n = len(cs)
    mention = text[s:e]
    listed = _PLURAL_LISTING.match(mention) if ", " in mention else None
    if listed is not None and listed.group(1).split()[-1].lower().endswith("s"):
        # "The Democratic candidates, Hillary Clinton and Senator Bernie Sanders": the two of them
        names = " and ".join(_bare_name(n) for n in re.split(r",\s+(?:and\s+)?|\s+and\s+", listed.group(2)))
        return _index._adhoc(art, "group", names, R.parse_role(listed.group(1), quality=3))
    if mention.endswith("s") and mention.split(None, 1)[0].lower() in ("the", "two", "three", "both"):
        after = _LISTED_NAMES.match(text, e)
        if after is not None:  # "the two leading Republicans, Donald J. Trump and Senator Ted Cruz,"
            parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", after.group(1))
            return _index._adhoc(art, "group", " and ".join(_bare_name(n) for n in parts),
                               R.parse_role(mention, quality=3))
    if " and " in mention and _COORDINATION.match(mention) and "," not in mention.split(" and ", 1)[0][-3:]:
        if not groups:
            return None
        first = mention.split(None, 1)[0].lower()
        conj1 = R.tokens(mention.split(" and ")[0])
        one_role = R.head_of(conj1) and not conj1[-1].endswith("s") and conj1[-1][:1].islower()
        if not (first in ("a", "an", "the") and R.head_of(conj1)) and not one_role:
            body = mention
            if "," in body:
                body = body[:body.index(",")]  # "She and Jack Goldsmith, a Bush-era Justice official"
            while " " in body and body.split(None, 1)[0].lower() in (
                    "the", "many", "some", "several", "most", "both", "all"):
                body = body.split(None, 1)[1]
            return _index._adhoc(art, "group", _persons._full_conjuncts(art, body), None)
    infos = art.index.info
    while i < n and cs[i] < e:
        inf = infos[i]
        if inf is _UNSEEN:
            inf = _index.info(art, i)
        i += 1
        if inf is None or inf.kind in ("role", "thing", "region"):
            continue
        if inf.possessive and inf.end < e - 2:
            continue
        # it must end its phrase within the mention: followed by nothing, a comma or a bracket
        rest = text[inf.ne:e]
        if rest.strip() and rest not in ("'s", "’s") and not _name_tail(rest):
            continue
        # and not be the object of a preposition ("a reporter for USA Today"); a role word
        # before the name takes it ("Secretary of State John Kerry")
        if inf.ns == inf.start:
            before = text[max(s, inf.start - 12):inf.start].lower().split()
            if before and (before[-1] in R.PREPOSITIONS or (
                    before[-1] == "the" and len(before) > 1 and before[-2] in R.PREPOSITIONS)) \
                    and not _authored(art, s, inf.start):
                continue
        ent = _index.ent(art, i - 1)
        if ent is not None:
            return ent
    return None

def _authored(art: _Article, s: int, name_start: int) -> bool:
    """Whether the mention before a name is a document by or from it ("a recent report from
    Bloomberg New Energy Finance", "calculations by Amy Reed"): the name is the source."""
    m = _AUTHORED.search(art.text, s, name_start)
    if m is None or m.end() != name_start:
        return False
    lx = R.lexicon()
    return all(w.lower() in lx.thing_nouns or w.lower()[:-1] in lx.thing_nouns
               or w.lower() in ("a", "an", "the", "new", "recent", "latest") or w[:1].isdigit()
               for w in _WORD.findall(art.text, s, m.start())) and bool(_WORD.findall(art.text, s, m.start()))


def _bare_name(name: str) -> str:
    """A listed name without the title before it ("Senator Bernie Sanders" -> "Bernie Sanders")."""
    p = _decompose(name.strip())
    return p.name if p is not None and p.kind == "person" else name.strip()
