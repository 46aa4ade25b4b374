"""Speech cues and the closed word classes of attribution frames.

A *cue* is the word or phrase that marks a speech act ("said", "told", "pointed
out", "according to"). Each cue verb has a *frame* that tells the grammar in
``statements/`` what its complement looks like:

* ``SAY``: a clause, with or without "that" (said, claimed, warned, added).
* ``TELL``: an addressee first, then a clause (told reporters that ...).
* ``ASK``: a question clause or an addressee plus "to" (asked whether ...).
* ``OBJECT``: a noun-phrase object (called for a withdrawal, denied sending troops,
  accused X of Y, praised X).
* ``QUOTE``: only with a quotation or a colon (continued: "...", wrote, read).

The other word classes (determiners, role nouns, time words, ...) are what a
speaker noun phrase and the adjuncts between cue and content are built from; they
are closed or near-closed lists on purpose: this is a lexicalised grammar, tuned
for news attribution, fast because every test is a set lookup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import patterns

SAY, TELL, ASK, OBJECT, QUOTE = "say", "tell", "ask", "object", "quote"
Frame = str

# lemma: frame, then irregular forms (3sg, past, -ing) where the spelling rules fail
_VERBS: dict[str, tuple[Frame, tuple[str, ...]]] = {
    "say": (SAY, ("says", "said", "saying")),
    "add": (SAY, ()),
    "claim": (SAY, ()),
    "argue": (SAY, ()),
    "explain": (SAY, ()),
    "note": (SAY, ()),
    "insist": (SAY, ()),
    "deny": (OBJECT, ()),
    "reply": (SAY, ()),
    "respond": (SAY, ()),
    "declare": (SAY, ()),
    "acknowledge": (SAY, ()),
    "admit": (SAY, ()),
    "comment": (SAY, ()),
    "suggest": (SAY, ()),
    "report": (SAY, ()),
    "confirm": (SAY, ()),
    "predict": (SAY, ()),
    "recall": (SAY, ()),
    "testify": (SAY, ()),
    "assert": (SAY, ()),
    "contend": (SAY, ()),
    "concede": (SAY, ()),
    "complain": (SAY, ()),
    "quip": (SAY, ()),
    "joke": (SAY, ()),
    "boast": (SAY, ()),
    "brag": (SAY, ()),
    "lament": (SAY, ()),
    "mention": (OBJECT, ()),
    "dispute": (OBJECT, ()),
    "emphasize": (SAY, ()),
    "emphasise": (SAY, ()),
    "stress": (SAY, ()),
    "write": (SAY, ("writes", "wrote", "writing")),
    "tweet": (SAY, ()),
    "post": (QUOTE, ()),
    "announce": (SAY, ()),
    "state": (SAY, ()),
    "observe": (SAY, ()),
    "reiterate": (SAY, ()),
    "conclude": (SAY, ()),
    "allege": (SAY, ()),
    "counter": (SAY, ()),
    "retort": (SAY, ()),
    "remark": (SAY, ()),
    "maintain": (SAY, ()),
    "caution": (SAY, ()),
    "warn": (SAY, ()),
    "vow": (SAY, ()),
    "pledge": (SAY, ()),
    "promise": (SAY, ()),
    "threaten": (SAY, ()),
    "reveal": (SAY, ()),
    "disclose": (SAY, ()),
    "speculate": (SAY, ()),
    "muse": (SAY, ()),
    "recount": (SAY, ()),
    "charge": (SAY, ()),
    "exclaim": (SAY, ()),
    "answer": (SAY, ()),
    "proclaim": (SAY, ()),
    "affirm": (SAY, ()),
    "echo": (SAY, ("echoes", "echoed", "echoing")),
    "agree": (SAY, ()),
    "disagree": (SAY, ()),
    "estimate": (SAY, ()),
    "propose": (OBJECT, ()),
    "recommend": (OBJECT, ()),
    "demand": (SAY, ()),
    "shout": (QUOTE, ()),
    "bark": (QUOTE, ()),
    "cry": (QUOTE, ()),
    "scoff": (SAY, ()),
    "opine": (SAY, ()),
    "exhort": (SAY, ()),
    "interject": (QUOTE, ()),
    "sing": (QUOTE, ("sings", "sang", "singing")),
    "beam": (QUOTE, ()),
    "fume": (QUOTE, ()),
    "gush": (QUOTE, ()),
    "snap": (QUOTE, ("snaps", "snapped", "snapping")),
    "sneer": (QUOTE, ()),
    "marvel": (QUOTE, ("marvels", "marveled", "marveling")),
    "exult": (QUOTE, ()),
    "rave": (QUOTE, ()),
    "grumble": (QUOTE, ()),
    "growl": (QUOTE, ()),
    "plead": (QUOTE, ()),
    "implore": (QUOTE, ()),
    "sigh": (QUOTE, ()),
    "thunder": (QUOTE, ()),
    "bellow": (QUOTE, ()),
    "roar": (QUOTE, ()),
    "groan": (QUOTE, ()),
    "mutter": (QUOTE, ()),
    "murmur": (QUOTE, ()),
    "resist": (QUOTE, ()),
    "yell": (QUOTE, ()),
    "chant": (QUOTE, ()),
    "scream": (QUOTE, ()),
    "whisper": (QUOTE, ()),
    "continue": (QUOTE, ()),
    "read": (QUOTE, ("reads", "read", "reading")),
    "tell": (TELL, ("tells", "told", "telling")),
    "assure": (TELL, ()),
    "scold": (TELL, ()),
    "remind": (TELL, ()),
    "inform": (TELL, ()),
    "advise": (TELL, ()),
    "urge": (TELL, ()),
    "ask": (ASK, ()),
    "wonder": (ASK, ()),
    "call": (OBJECT, ()),
    "criticize": (OBJECT, ()),
    "criticise": (OBJECT, ()),
    "praise": (OBJECT, ()),
    "blast": (OBJECT, ()),
    "slam": (OBJECT, ()),
    "attack": (OBJECT, ()),
    "dismiss": (OBJECT, ()),
    "reject": (OBJECT, ()),
    "accuse": (OBJECT, ()),
    "describe": (OBJECT, ()),
    "cite": (OBJECT, ()),
    "tout": (OBJECT, ()),
    "condemn": (OBJECT, ()),
    "liken": (OBJECT, ()),
    "reference": (OBJECT, ()),
    "specify": (OBJECT, ()),
    "hail": (OBJECT, ()),
    "label": (OBJECT, ("labels", "labeled", "labeling")),
    "dub": (OBJECT, ("dubs", "dubbed", "dubbing")),
    "brand": (OBJECT, ()),
    "decry": (OBJECT, ()),
    "lambaste": (OBJECT, ()),
    "applaud": (OBJECT, ()),
    "denounce": (OBJECT, ()),
}

# phrasal cues: first word → (rest of the phrase, frame); longest first
_PHRASES: dict[str, list[tuple[tuple[str, ...], Frame]]] = {}
for _lemma_forms, _rest, _frame in (
    (("call", "calls", "called", "calling"), ("for",), OBJECT),
    (("call", "calls", "called", "calling"), ("on",), OBJECT),
    (("point", "points", "pointed", "pointing"), ("out",), SAY),
    (("point", "points", "pointed", "pointing"), ("to",), OBJECT),
    (("make", "makes", "made", "making"), ("clear",), SAY),
    (("go", "goes", "went", "going"), ("on", "to", "say"), SAY),
    (("shoot", "shot"), ("back",), SAY),
    (("put", "puts"), ("it",), QUOTE),
    (("according",), ("to",), "according"),
):
    for _form in _lemma_forms:
        _PHRASES.setdefault(_form, []).append((_rest, _frame))
for _v in _PHRASES.values():
    _v.sort(key=lambda p: -len(p[0]))

NOUN_LIKE = frozenset(
    """state comment attack remark report tweet claim call post promise answer charge demand estimate
    praise counter note reply pledge vow echo quip joke boast lament stress chant shout whisper scream
    cry dispute mention read blast slam recall bark""".split()
)
"""Cue verbs whose base and -s forms are more often nouns (state attorney, the Orlando attack)."""

BASE, THIRD, PAST, ING = "base", "3sg", "past", "ing"
Form = str


@dataclass(frozen=True, slots=True)
class CueWord:
    """One inflected cue verb: its lemma, its complement frame and its form."""

    lemma: str
    frame: Frame
    form: Form


def _inflect(lemma: str) -> tuple[str, str, str]:
    """Regular 3sg, past and -ing forms of an English verb."""
    if lemma.endswith("ee"):
        return lemma + "s", lemma + "d", lemma + "ing"  # agree, agreed, agreeing
    if lemma.endswith("e"):
        return lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma + "es", lemma + "ed", lemma + "ing"
    if lemma in ("admit", "quip", "slam", "regret", "commit", "brag"):
        return lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    return lemma + "s", lemma + "ed", lemma + "ing"


def _build_lexicon() -> dict[str, CueWord]:
    lexicon: dict[str, CueWord] = {}
    for lemma, (frame, irregular) in _VERBS.items():
        third, past, ing = irregular or _inflect(lemma)
        for word, form in ((ing, ING), (third, THIRD), (past, PAST), (lemma, BASE)):
            lexicon.setdefault(word, CueWord(lemma, frame, form))
    return lexicon


CUE_VERBS: dict[str, CueWord] = _build_lexicon()
"""Every inflected cue verb, lower case."""

STRONG_LEMMAS = frozenset({"say", "tell", "add", "write", "claim", "insist", "argue", "explain", "warn", "ask"})
"""Cue verbs that are speech acts in nearly every use; the others need a clearer frame."""

TO_COMPLEMENT = frozenset(
    {"vow", "pledge", "promise", "threaten", "agree", "demand", "urge", "ask", "call on", "advise", "remind",
     "tell", "warn", "propose", "recommend"}
)
"""Cue verbs whose content can be an infinitive (vowed to fight, urged Congress to act)."""

AS_COMPLEMENT = frozenset(
    {"describe", "label", "brand", "dismiss", "hail", "cite", "denounce", "criticize", "praise", "tout"}
)
"""Cue verbs whose content can open with "as" (describing as "unhinged" a tweet)."""

ABOUT_COMPLEMENT = frozenset({"warn", "complain", "boast", "joke", "caution", "speak", "brag", "muse", "lament"})
"""Cue verbs whose content can be a topic phrase (warned of costs, complained about the noise)."""

CUE_FIRST_WORDS = frozenset({*CUE_VERBS, *_PHRASES})
"""Lower-case tokens that can start a cue."""

NOUN_CUES: dict[str, frozenset[str]] = {
    noun: frozenset(links.split())
    for nouns, links in (
        ("claim claims assertion assertions allegation allegations insistence argument arguments "
         "suggestion suggestions prediction predictions admission acknowledgment acknowledgement "
         "contention belief view", "that"),
        ("warning warnings statement statements", "that"),
        ("remark remarks comment comments", "that about on"),
        ("promise promises pledge pledges vow vows threat threats proposal proposals", "to that"),
        ("call calls", "for on to"),
        ("demand demands", "that for"),
        ("attack attacks", "on"),
        ("criticism criticisms", "of"),
        ("accusation accusations charge charges", "that of"),
        ("denial denials", "that of"),
        ("praise", "for of"),
        ("description characterization", "of"),
        ("announcement", "that of"),
    )
    for noun in nouns.split()
}
"""Nouns that report a speech act of their possessor (his claim that ..., Trump's attacks on ...),
with the words that may link them to their content."""

def _trie_pattern(words: frozenset[str]) -> str:
    """A regular expression alternation factored as a trie (say|said|saying → sa(?:y(?:ing)?|id)).

    Python's regex engine tries alternatives one by one; factoring shared prefixes
    makes a scan over a whole article some twenty times faster than a flat list.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            body = ("(?:" + body + ")" if len(alts) == 1 else body) + "?"
        return body

    return build(trie)


# Scan whole phrases for the words that are cues only inside a phrase (made clear, put it),
# single words for the rest; "call for" is found as "call" either way.
_PHRASE_ONLY = {w for w in _PHRASES if w not in CUE_VERBS}
_SCAN_WORDS = {w for w in CUE_FIRST_WORDS if w not in _PHRASE_ONLY} | set(NOUN_CUES) | {"reportedly"}
_SCAN_WORDS |= {f"{w} {' '.join(rest)}" for w in _PHRASE_ONLY for rest, _ in _PHRASES[w]}
_SCAN_WORDS |= {w.capitalize() for w in _SCAN_WORDS}
SCAN_WORDS = frozenset(_SCAN_WORDS)
"""Every token (or phrase) that may start a cue, verb or speech noun, in lower case and capitalised:
what the cue scan (``statements/cue_scan.py``) looks for in an article."""

SCAN_BY_FIRST_WORD: dict[bytes, tuple[str, ...]] = {}
"""``SCAN_WORDS`` by their first word in ASCII bytes, longest first (the scan searches bytes)."""
for _w in sorted(SCAN_WORDS, key=lambda w: (-len(w), w)):
    _first = _w.split()[0].encode("ascii")
    SCAN_BY_FIRST_WORD[_first] = (*SCAN_BY_FIRST_WORD.get(_first, ()), _w)


@cache
def scan_pattern() -> re.Pattern[str]:
    """``SCAN_WORDS`` as one regular expression: each match is a token (or phrase) that may start a
    cue, the longest at its place, with ASCII word boundaries. The plain reading of the cue scan,
    which finds the same matches with byte searches (the tests compare the two; compiling this
    costs a fifth of the NLP core's import, and running it a sixth of extraction)."""
    return re.compile(
        r"\b(?=[" + "".join(sorted({w[0] for w in SCAN_WORDS})) + "])" + _trie_pattern(SCAN_WORDS) + r"\b",
        re.ASCII,
    )


POSSESSOR_BEFORE = patterns.compile(
    r"(?:\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Mm]y)|['’]s)\s+(?:[a-z]+\s+){0,2}\Z"
)
"""A possessive right before a speech noun (his claim, Trump's repeated attacks); search it in
a short window that ends at the noun."""


def match_cue(words: list[str], i: int) -> tuple[int, Frame, CueWord | None] | None:
    """The cue starting at token ``i`` of lower-cased ``words``: (its end token, frame, verb)."""
    w = words[i]
    phrases = _PHRASES.get(w)
    if phrases:
        for rest, frame in phrases:
            j = i + 1
            if words[j:j + len(rest)] == list(rest):
                verb = CUE_VERBS.get(w)
                if frame == "according":
                    return j + len(rest), frame, None
                form = verb.form if verb else PAST
                lemma = verb.lemma if verb else w
                return j + len(rest), frame, CueWord(lemma + " " + " ".join(rest), frame, form)
    verb = CUE_VERBS.get(w)
    if verb is None:
        return None
    return i + 1, verb.frame, verb


# --- word classes of attribution frames -------------------------------------

DETERMINERS = frozenset(
    """the a an this these those another some many several both all each every any most
    few no its his her their our my your one two three four five six seven eight nine ten
    dozens hundreds thousands dozen other such""".split()
)
SUBJECT_PRONOUNS = frozenset("he she they we i you it who which".split())
OBJECT_PRONOUNS = frozenset("him her them us me you it".split())

ROLE_NOUNS = frozenset(
    """official officials spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen
    secretary minister ministers president vice senator senators congressman congresswoman
    congressmen representative representatives lawmaker lawmakers legislator legislators governor
    governors mayor chairman chairwoman chair leader leaders director directors chief chiefs head
    ambassador envoy envoys diplomat diplomats general generals commander officer officers agent
    agents aide aides adviser advisers advisor advisors strategist strategists consultant consultants
    pollster pollsters analyst analysts expert experts economist economists researcher researchers
    scientist scientists professor professors scholar scholars historian historians author authors
    writer writers columnist columnists reporter reporters journalist journalists editor editors
    anchor host hosts commentator commentators critic critics supporter supporters opponent
    opponents activist activists advocate advocates organizer organizers candidate candidates nominee
    nominees contender challenger incumbent rival rivals manager managers founder founders ceo
    executive executives member members delegate delegates voter voters resident residents citizen
    citizens people person man woman men women father mother son daughter wife husband friend friends
    source sources witness witnesses lawyer lawyers attorney attorneys prosecutor prosecutors judge
    judges justice justices investigator investigators police authorities government governments
    administration ministry department agency office campaign committee party group groups
    organization coalition union company firm council court board panel commission military army
    statement report poll polls survey surveys study memo letter document documents filing filings
    release ad website data analysis newspaper outlet network staff team staffer staffers
    counterpart colleague colleagues ally allies partner partners insider insiders observer observers
    backer backers donor donors protester protesters student students worker workers
    employee employees owner owners republicans democrats conservatives liberals
    progressives evangelicals camp side regime embassy parliament
    senate house cabinet caucus majority minority whip speaker commissioner
    inspector auditor treasurer clerk sheriff deputy deputies administrator administrators
    negotiator negotiators mediator delegation delegations forces troops
    secretariat bureau tribunal authority
    coordinator monitor monitors inspectors panelists respondents participants
    americans parents teachers doctors nurses soldiers veterans farmers
    businessman businesswoman entrepreneur billionaire pastor bishop cardinal priest rabbi imam pope
    prince princess king queen emperor premier chancellor
    paper papers article articles book books lawsuit lawsuits suit complaint ruling decision order
    opinion brief editorial column blog video ads advertisement commercial spot memos emails
    transcript transcripts records record indictment affidavit motion petition proposal plan
    platform resolution bill legislation measure law guidelines policy notice announcement
    findings results figures numbers analyses review audit investigation probe
    magazine station channel site page feed account message post tweet
    percent majorities plurality half third thirds quarter fifth specialists
    specialist pundits bloggers readers viewers listeners fans
    independents moderates families survivors
    victims relatives neighbors classmates confidant confidante protege""".split()
)

MODIFIERS = frozenset(
    """former top senior chief deputy assistant acting retired longtime veteran leading prominent
    fellow local federal state national international foreign military defense intelligence
    presidential conservative liberal progressive independent anonymous unnamed other key outgoing
    incoming current then new young old elder special general principal associate executive
    press campaign communications policy legal political economic security health justice finance
    trade interior homeland labor energy education republican democratic regional city
    county district white junior vice majority minority ranking attorney
    spokesperson secretary prime high-ranking high-level top-ranking one-time onetime
    longstanding influential powerful well-known unidentified u.s us american""".split()
)

NAME_PARTICLES = frozenset(
    "de van von der den da di del della la le las los bin bint ibn al abu dos das du el ter ten".split())
"""Lower-case words inside a person's name, one or two in a row between capitalised words ("Ludwig van
Beethoven", "Ursula von der Leyen", "Rodrigo de la Cruz", "Mohammed bin Salman"): extraction's speaker phrases
and resolution's name chunks both read them from here."""

PREPOSITIONS_IN_NAMES = frozenset("of for to at on from in".split())
"""Prepositions that may join the parts of a speaker phrase (envoy to the UN, head of X)."""

FUNCTION_WORDS = frozenset(
    """but and or nor so yet for if when while although though because since as after before
    until unless whether once where whereas then however meanwhile moreover also still even just
    in on at by with without about against during into onto over under through across among
    between within upon via per from to of than like unlike despite amid
    is are was were be been being has have had do does did will would shall should can could
    may might must not no yes there here what why how that which who whom whose cannot
    asked speaking according""".split()
)
"""Closed-class words: never part of a name, even when capitalised at a sentence start."""

TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    morning afternoon evening night week weekend month year day days weeks months years
    earlier later recently previously
    last this next past ago time times""".split()
)

PRE_CUE_WORDS = frozenset(
    """also has have had has've would will could can may might must should did does do
    then later again once never not n't always often recently previously earlier now still
    already just further even first initially subsequently ultimately finally repeatedly
    immediately quickly simply flatly publicly privately openly angrily bluntly reportedly
    separately similarly likewise too long since here""".split()
)
"""Adverbs and auxiliaries that can stand between a speaker and the cue (Austin also said)."""

PARENTHETICALS = frozenset(
    """however meanwhile though too moreover instead nevertheless nonetheless
    separately similarly likewise also indeed""".split()
)
"""One-word adverbs set off by commas between speaker and cue (Wood, however, said)."""

SUBORDINATORS = frozenset(
    """although though while whereas because since as if when whenever after before until
    unless once where whether""".split()
)
CONJUNCTIONS = frozenset("and but or nor so yet".split())

ADJUNCT_NOUNS = frozenset(
    """statement interview interviews conference news briefing speech rally event letter release
    email e-mail emails tweet tweets post posts message video broadcast appearance hearing
    meeting call phone telephone radio television tv show program programme podcast op-ed column
    editorial article blog book memoir town hall debate session remarks address forum summit
    reporters journalists audience crowd supporters twitter facebook instagram response
    reply website site page account
    week month year day morning afternoon evening night time weekend""".split()
)
"""Nouns of the prepositional adjuncts between a cue and its content (said in a statement)."""

CLAUSE_OPENERS = frozenset(
    """that if whether how why what there it he she they we i you this
    these those the a an his her their its our my no some many most all any each every one
    nothing everything something anything""".split()
)
"""First words of a bare complement clause after a cue (said there was ..., said he ...)."""
