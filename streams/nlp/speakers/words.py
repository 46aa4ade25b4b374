"""Word tables and patterns that several resolvers read."""

from __future__ import annotations

from operator import itemgetter

from .. import patterns

_UNSEEN = object()  # a chunk not decoded (or not linked) yet; None means it names nothing


_first = itemgetter(0)  # sort and bisect key: the position of (position, ...) tuples


# Articles longer than this (characters; the longest polnear one has 34k) have their words, lines
# and fuller names indexed once; shorter ones are searched directly, which costs them less.
_LONG_TEXT = 50_000


_WORD = patterns.compile(r"[\w'’\-]+")


_SUBORDINATORS = frozenset(
    "although though while when after before as because since if despite once until whereas".split()
)


_PRONOUNS: dict[str, tuple[str, str | None]] = {
    "he": ("person", "m"), "him": ("person", "m"), "his": ("person", "m"), "himself": ("person", "m"),
    "she": ("person", "f"), "her": ("person", "f"), "hers": ("person", "f"), "herself": ("person", "f"),
    "they": ("plural", None), "them": ("plural", None), "their": ("plural", None),
    "themselves": ("plural", None), "it": ("thing", None), "its": ("thing", None),
    "itself": ("thing", None), "who": ("relative", None), "whom": ("relative", None),
    "whose": ("relative", None), "which": ("relative", None), "that": ("relative", None),
    "i": ("self", None), "me": ("self", None), "my": ("self", None), "we": ("self", None),
    "us": ("self", None), "our": ("self", None), "you": ("self", None), "your": ("self", None),
}


_VERBISH = frozenset(
    """is are was were be been being has have had do does did will would can could shall should may might
    must say says said argue argues argued claim claims claimed believe believes believed think thinks
    thought want wants wanted urge urges urged call calls called warn warns warned insist insists
    insisted contend contends contended allege alleges alleged told tell tells""".split()
)


# ", Hillary Clinton and Senator Bernie Sanders," after a plural description: the names it lists
_NAME_RUN = r"(?:[A-Z][\w.'’-]*\.?[ \u00a0])*[A-Z][\w'’-]+"


_LISTED_NAMES = patterns.compile(
    rf",[ \u00a0]+({_NAME_RUN}(?:,[ \u00a0]+{_NAME_RUN})*,?[ \u00a0]+and[ \u00a0]+{_NAME_RUN})"
    r"(?=[,.;:)\s])")
