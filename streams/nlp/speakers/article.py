"""One article being resolved: the state shared by the resolvers (memo tables) and the dispatch
of a mention to the resolver of its kind.

The resolvers are plain functions of their modules taking the article first
(``_persons.gender(art, ent)``), called through their module, not bound as methods of
``_Article``: the same source is compiled by mypyc (setup.py), whose functions do not bind.
"""

from __future__ import annotations

from bisect import insort

from .. import roles as R
from ..model import Span, Speaker, Statement
from ..text import Quote, layout
from . import description as _description
from . import name as _name
from . import pronoun as _pronoun
from .entities import _ByEntity, _Entity
from .mentions import _credit, _time_tail
from .words import _PRONOUNS, _first


class _Article:
    """One article, read lazily: only the names, sentences and quotations a mention needs.

    Capitalised chunks are found by one fast regex; each is decoded (and linked to an
    entity) only when a mention, an antecedent search or a role read asks for it.
    """

    # The article's state (listed by the module that fills it in __init__): everything is found
    # lazily, when a mention needs it, and kept for the rest of the article.
    __slots__ = (
        "_all_people", "_by_last", "_capnamed", "_ce", "_chunk_initials", "_common", "_cs", "_ct", "_ct_low",
        "_cut_names",
        "_doc_country", "_ent", "_firsts_with", "_fit", "_full_surname", "_fulls", "_head", "_heads", "_info",
        "_initials", "_joined", "_last_quant", "_lone_done", "_named", "_nearest", "_occ", "_org_chunk_initials",
        "_org_opened", "_people_by", "_people_list", "_quote_sentences", "_roles_memo", "_runs", "_speakers",
        "_spk_by", "_things", "body_start", "extra", "how", "lay", "orgs", "persons", "said", "spk", "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        # document: the layout extraction built (paragraphs, quotations, sentences; the headline
        # ends at its body_start), capitalised chunks (starts, ends, texts), sentence and
        # quotation tables for bisection
        self.lay = layout(text)
        self.body_start = self.lay.body_start
        self._cs: list[int] | None = None
        self._ce: list[int] = []
        self._ct: list[str] = []
        self._head: tuple[list[tuple[int, int]], list[Quote]] | None = None  # headline sentences, quotations
        self._quote_sentences: dict[int, int] = {}  # quotation start -> sentence ends inside it
        # index: each chunk decoded and its entity (both on demand), where each word occurs
        self._info: list = []
        self._ent: list = []
        self._occ: dict[str, list[int]] = {}
        self._runs: dict[str, list[tuple[int, int]]] | None = None  # chunk words (long texts)
        self._joined: tuple[str, list[int]] | bool | None = None  # chunk texts joined (None: not yet)
        self._common: dict[str, bool] = {}
        self._full_surname: dict[str, bool] = {}  # word -> the last name of a full name somewhere
        self._all_people: list[tuple[int, _Entity]] | None = None
        self._people_list: list[tuple[int, _Entity]] | None = None  # people(), kept up to date
        self._people_by: _ByEntity | None = None  # the same, by entity
        self.spk: list[tuple[int, _Entity]] = []  # speakers' mentions: primed names, then resolutions
        self._spk_by: _ByEntity | None = None  # the same, by entity (built when first needed)
        self.extra: list[tuple[int, int, _Entity]] = []  # entities of resolved descriptions, by mention
        # persons: the people named, and what linking names to them found
        self.persons: dict[tuple[str, str], _Entity] = {}
        self._fulls: dict[str, list[_Entity]] = {}
        self._by_last: dict[str, list[tuple[str, _Entity]]] = {}  # persons by last name, in order
        self._ct_low: list[str | None] | None = None  # chunk texts in lower case (_full_names_with)
        self._firsts_with: dict[str, dict[str, list[tuple[str, ...]]]] = {}  # _full_names_with answers
        self._org_opened: dict[str, int | None] = {}  # word -> first org chunk it opens (None: none)
        self._lone_done: dict[str, int] = {}  # word -> how many of its occurrences are resolved
        # organization: the organisations named, acronyms, names before an org word
        self.orgs: dict[str, _Entity] = {}
        self._initials: dict[str, _Entity] = {}  # initials -> first listed org of several words
        self._org_chunk_initials: dict[str, int | None] = {}  # initials -> first org chunk (None: none)
        self._chunk_initials: list[str] | None = None  # each chunk's capitalised words' initials (several words)
        self._capnamed: dict[str, list[tuple[int, str]]] = {}  # org heads -> capitalised names
        self._named: dict[str, list[tuple[int, str]]] = {}  # word -> ("Obama administration" end, name)
        self._nearest: dict[tuple[str, ...], dict[int, int]] = {}  # _nearest_place answers by chunk
        # role_evidence: roles read around a name, the country the article is about
        self._roles_memo: dict[tuple[int, int], list[tuple[int, R.Role]]] = {}  # _roles_at answers
        self._doc_country: str | bool | None = False
        # fitting: _fit_score by description and entity, with what it read (see there)
        self._fit: dict[tuple[R.Role, bool], dict[int, tuple[tuple[bool, bool, int], int]]] = {}
        self._last_quant: str | None = None  # description: the last quantity of people ("52 percent of ...")
        self._things: dict[str, list[tuple[int, int, str]]] = {}  # things: head -> fuller phrases of it
        self._cut_names: dict[str, bool] = {}  # things: fuller phrases found cut from a longer name
        # this module, explain, speaker_record
        self._heads: dict[tuple[int, int], _Entity] = {}  # prime's head entities by mention span
        self.how: dict[int, str] = {}  # mention start -> which resolver answered (for explain)
        self.said: dict[int, tuple[Span, ...]] = {}  # speaker mention start -> its statement's content
        self._speakers: dict[int, Speaker] = {}

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
            m = _time_tail(text, s, e)
            if m is not None and m.start() > s:
                e = m.start()
            ent = _name._head_entity(self, s, e, groups=False)
            if ent is not None:
                self._heads[(s, e)] = ent  # the same answer when resolve_span asks again
                if ent.kind == "person":
                    insort(self.spk, (s, ent), key=_first)
                    if self._spk_by is not None:
                        self._spk_by.add(s, ent)

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
        m = _time_tail(text, s, e)
        if m is not None and m.start() > s:
            e = m.start()  # "the Supreme Court this month", "David Axelrod on Wednesday"
        mention = text[s:e]
        if _credit(text, s, e):
            return None  # a photo credit ("Jane Roe/Reuters", "AFP/Getty Images") names no speaker
        low = mention.lower()
        from_chunk = False
        if low in _PRONOUNS:
            ent = _pronoun._pronoun(self, s, e, low)
            how = "relative pronoun" if _PRONOUNS[low][0] == "relative" else "pronoun"
        else:
            ent = self._heads.get((s, e)) or _name._head_entity(self, s, e)
            from_chunk = ent is not None
            how = "name"
            if ent is None:
                ent = _description._description(self, s, e, mention)
                how = "description"
        self.how[s] = how
        if ent is not None:
            ent.spoke += 1
            if not from_chunk and ent.kind in ("person", "anonymous", "group", "org", "seat", "country", "thing"):
                insort(self.extra, (s, e, ent), key=_first)
                if self._people_list is not None and ent.kind in ("person", "anonymous"):
                    insort(self._people_list, (s, ent), key=_first)
                    if self._people_by is not None:
                        self._people_by.add(s, ent)
            if not from_chunk and ent.kind in ("person", "anonymous"):
                insort(self.spk, (s, ent), key=_first)
                if self._spk_by is not None:
                    self._spk_by.add(s, ent)
        return ent
