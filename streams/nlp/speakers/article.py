"""One article being resolved: the tables the resolvers share, each owned by the module that
fills it (:class:`~.document.Document`, :class:`~.index.EntityIndex`, :class:`~.persons.PersonTable`,
:class:`~.organization.OrgTable`, :class:`~.role_evidence.RoleReads`, :class:`~.things.ThingTable`),
and the resolution so far; :mod:`.dispatch` sends each mention to the resolver of its kind.

The resolvers are plain functions of their modules taking the article first
(``_persons.gender(art, ent)``), called through their module, not bound as methods of
``_Article``: the same source is compiled by mypyc (setup.py), whose functions do not bind.
"""

from __future__ import annotations

from ..model import Span, Speaker, Statement
from ..text import layout
from . import description as _description
from . import dispatch as _dispatch
from . import name as _name
from .document import Document
from .entities import _Entity
from .index import EntityIndex
from .mentions import _credit, _time_tail
from .organization import OrgTable
from .persons import PersonTable
from .role_evidence import RoleReads
from .things import ThingTable
from .words import _PRONOUNS


class _Article:
    """One article, read lazily: only the names, sentences and quotations a mention needs.

    Capitalised chunks are found by one fast regex; each is decoded (and linked to an
    entity) only when a mention, an antecedent search or a role read asks for it.
    """

    # The article's state: each table belongs to the module that fills it, and everything in
    # it is found lazily, when a mention needs it, and kept for the rest of the article.
    __slots__ = ("body_start", "doc", "how", "index", "last_quant", "name_ends", "orgs", "persons", "roles", "said",
                 "speakers", "text", "things")

    def __init__(self, text: str) -> None:
        self.text = text
        self.doc = Document(layout(text))  # the layout extraction built, capitalised chunks
        self.body_start = self.doc.lay.body_start  # where the headline ends
        self.index = EntityIndex()  # chunks decoded and linked to entities, people, speakers
        self.persons = PersonTable()  # the people named, and names linked to them
        self.orgs = OrgTable()  # the organisations named, acronyms, names before an org word
        self.roles = RoleReads()  # roles read around names and fitted to descriptions
        self.things = ThingTable()  # things and documents, and their fuller phrases
        # resolution so far, in text order
        self.last_quant: str | None = None  # description: the last quantity of people ("52 percent of ...")
        self.how: dict[int, str] = {}  # mention start -> which resolver answered (for explain)
        self.said: dict[int, tuple[Span, ...]] = {}  # speaker mention start -> its statement's content
        self.speakers: dict[int, Speaker] = {}  # entity id -> its speaker record (speaker_record)
        self.name_ends: dict[tuple[int, int], int] = {}  # mention -> where it ends before a time phrase

    def prime(self, spans: list[Span]) -> None:
        """Note who the statements' name mentions are before resolving anything, so that a
        description ("the Vermont senator", a headline's "Lawmaker") can be matched against
        the article's speakers without reading every name in it."""
        text = self.text
        for sp in spans:
            s, e = sp.start, sp.end
            if e - s < 2 or text[s:e].lower() in _PRONOUNS:
                continue
            if not any(map(str.isupper, text[s:e])):
                continue
            e = self.before_time_tail(s, e)
            if _credit(text, s, e):
                continue  # a photo credit names no speaker (dispatch.MENTION_RULES)
            rule, ent = _name.name_rule(self, s, e, groups=False)
            if ent is not None:
                self.index.heads[(s, e)] = ent  # the same answer when resolve_span asks again
                self.how[s] = rule
                if ent.kind == "person":
                    self.index.add_speaker(s, ent)

    def before_time_tail(self, s: int, e: int) -> int:
        """Where the mention ``[s, e)`` ends without a time or manner phrase after it ("David Axelrod on
        Wednesday"): searched once per mention, as :meth:`prime` and :meth:`resolve_span` both ask."""
        end = self.name_ends.get((s, e))
        if end is None:
            m = _time_tail(self.text, s, e)
            end = self.name_ends[(s, e)] = m.start() if m is not None and m.start() > s else e
        return end

    def resolve_all(self, statements: list[Statement]) -> dict[int, _Entity | None]:
        """The entity of each statement's speaker mention, by statement index: names first
        (:meth:`prime`), then each mention in text order; then the roles the article gives in
        descriptions that are no statement's speaker."""
        self.prime([st.speaker for st in statements if st.speaker is not None])
        self.said = {st.speaker.start: st.content for st in statements if st.speaker is not None}
        order = sorted(
            (i for i, st in enumerate(statements) if st.speaker is not None),
            key=lambda i: statements[i].speaker.start,  # type: ignore[union-attr]
        )
        found: dict[int, _Entity | None] = {}
        for i in order:
            sp = statements[i].speaker
            assert sp is not None
            found[i] = self.resolve_span(sp.start, sp.end)
        _description.attach_descriptions(self, {(st.speaker.start, st.speaker.end) for st in statements if st.speaker})
        return found

    def resolve_span(self, s: int, e: int) -> _Entity | None:
        text = self.text
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if s >= e:
            return None
        e = self.before_time_tail(s, e)  # "the Supreme Court this month", "David Axelrod on Wednesday"
        found = _dispatch.resolve_mention(self, s, e, text[s:e])
        self.how[s] = found.rule
        ent = found.entity
        if ent is not None:
            ent.spoke += 1
            if not found.named and ent.kind in ("person", "anonymous", "group", "org", "seat", "country", "thing"):
                self.index.add_resolved(s, e, ent)
            if not found.named and ent.kind in ("person", "anonymous"):
                self.index.add_speaker(s, ent)
        return ent
