"""One article being resolved: the state shared by the resolvers (memo tables), the resolvers
themselves bound as its methods, and the dispatch of a mention to the resolver of its kind.
"""

from __future__ import annotations

from bisect import insort

from .. import roles as R
from ..model import Span, Speaker, Statement
from ..text import Quote, layout
from . import (
    description,
    document,
    fitting,
    group,
    index,
    name,
    organization,
    persons,
    pronoun,
    relative,
    role_evidence,
    speaker_record,
    things,
)
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
        "_all_people", "_by_last", "_capnamed", "_ce", "_common", "_cs", "_ct", "_ct_low", "_cut_names",
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
        self._org_chunk_initials: dict[str, int] | None = None  # initials -> first org chunk
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

    # document.py: the text: capitalised chunks, sentences, quotations
    chunks = document.chunks
    _split_final = document._split_final
    sentence = document.sentence
    prev_sentence = document.prev_sentence
    sentences_read = document.sentences_read
    paragraph_before = document.paragraph_before
    in_quote = document.in_quote

    # index.py: the entity index: chunks decoded and linked, occurrences, people, mentions in a span
    info = index.info
    _modifies = index._modifies
    _common_word = index._common_word
    _mid_sentence = index._mid_sentence
    _date = index._date
    _is_surname = index._is_surname
    occurrences = index.occurrences
    _indexed_occurrences = index._indexed_occurrences
    ent = index.ent
    people = index.people
    people_list = index.people_list
    _by_entity = index._by_entity
    mentions_in = index.mentions_in
    _adhoc = index._adhoc
    full_name = index.full_name

    # persons.py: person names linked: surnames, given names, short forms, gender
    _full_person = persons._full_person
    _short_form = persons._short_form
    _full_names_with = persons._full_names_with
    given_name_person = persons.given_name_person
    _fulls_with = persons._fulls_with
    _person = persons._person
    _by_context = persons._by_context
    _honorific_gender = persons._honorific_gender
    _first_name_gender = persons._first_name_gender
    person_occ = persons.person_occ
    gender = persons.gender
    is_someone = persons.is_someone
    _evidence = persons._evidence
    _full_conjuncts = persons._full_conjuncts
    _full_owner = persons._full_owner
    _one_full = persons._one_full

    # organization.py: organisations, acronyms, places and metonyms
    _org = organization._org
    _acronym = organization._acronym
    _nearest_place = organization._nearest_place
    _org_description = organization._org_description
    _capitalised_before = organization._capitalised_before
    _named_before = organization._named_before

    # role_evidence.py: roles and countries the article states
    _name_roles = role_evidence._name_roles
    roles = role_evidence.roles
    _roles_at = role_evidence._roles_at
    _read_roles_at = role_evidence._read_roles_at
    _shared_premodifier = role_evidence._shared_premodifier
    _entity_country = role_evidence._entity_country
    doc_country = role_evidence.doc_country

    # name.py: resolver: a mention that names someone
    _head_entity = name._head_entity
    _authored = name._authored
    _bare_name = staticmethod(name._bare_name)

    # pronoun.py: resolver: pronouns
    _fits = pronoun._fits
    _pronoun = pronoun._pronoun
    _speaker_in = pronoun._speaker_in
    _object_of = pronoun._object_of
    _learn_gender = pronoun._learn_gender

    # relative.py: resolver: relative pronouns
    _relative = relative._relative
    _mention_end = relative._mention_end

    # group.py: resolver: plural mentions
    _plural = group._plural
    _subject_np = group._subject_np
    _owned_group = group._owned_group

    # description.py: resolver: descriptions
    _description = description._description
    attach_descriptions = description.attach_descriptions
    _only_fit_nearby = description._only_fit_nearby
    _compatible = description._compatible
    _named_beside = description._named_beside
    _relational = description._relational

    # fitting.py: the person a role description fits
    _person_for = fitting._person_for
    _near_subject = fitting._near_subject
    _pick_person = fitting._pick_person
    _fit_score = fitting._fit_score
    _fit_score_of = fitting._fit_score_of

    # things.py: descriptions of things and documents
    _thing = things._thing
    _last_speakers = things._last_speakers
    _sent_thing = things._sent_thing
    _sender = things._sender
    _fuller_name = things._fuller_name
    _fuller_thing = things._fuller_thing
    _fuller_phrases = things._fuller_phrases

    # speaker_record.py: the output record of an entity
    summary = speaker_record.summary
    role_sources = speaker_record.role_sources
    speaker = speaker_record.speaker
    _speaker = speaker_record._speaker

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
            ent = self._head_entity(s, e, groups=False)
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
        self.attach_descriptions({(st.speaker.start, st.speaker.end) for st in statements if st.speaker})
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
            ent = self._pronoun(s, e, low)
            how = "relative pronoun" if _PRONOUNS[low][0] == "relative" else "pronoun"
        else:
            ent = self._heads.get((s, e)) or self._head_entity(s, e)
            from_chunk = ent is not None
            how = "name"
            if ent is None:
                ent = self._description(s, e, mention)
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
