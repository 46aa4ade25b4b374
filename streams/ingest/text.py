"""Markup and whitespace → the plain text an article body must be.

Downstream, the statement extractor reads paragraphs as lines and quotes as they
are written, so the body we publish is plain text with one paragraph per line
("\\n" between paragraphs), no markup, no runs of spaces. Feeds carry HTML
fragments (RSS ``description``/``content:encoded``, Atom ``content``, JSON Feed
``content_html``) or plain text; both end up here. HTML goes through the standard
library's tolerant HTML tokenizer, not regular expressions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html.parser import HTMLParser

# Elements whose start or end begins a new paragraph.
_BLOCK = frozenset(
    "address article aside blockquote body dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is never article text.
_SKIP = frozenset("script style noscript template head svg math iframe object button select".split())
_SPACES = re.compile(r"[^\S\n]+")  # whitespace except newline
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Control characters that are not whitespace (NUL, ESC, BEL, C1...): never text, and PostgreSQL
# refuses NUL in a text column, so an article made of them would vanish from the archive.
_CONTROLS = dict.fromkeys(
    c for c in range(0xA0) if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace()
)
_INVISIBLE = {**_ZERO_WIDTH, **_CONTROLS}
_PARA_MARK = "\n"


class _TextCollector(HTMLParser):
    """Collects text, turning block boundaries and <br> into line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK or tag == "br":
            self.parts.append(_PARA_MARK)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK or tag == "br":
            self.parts.append(_PARA_MARK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append(_PARA_MARK)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            # Newlines inside HTML text are just spaces; only tags make paragraphs.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or page: no markup, one paragraph per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return normalise_text("".join(collector.parts))


def plain_to_text(text: str) -> str:
    """Normalise plain text whose paragraphs are separated by blank lines or by single newlines.

    When blank lines occur, they separate paragraphs and single newlines inside a
    paragraph are hard wrapping (joined with a space); otherwise each line is a paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[^\S\n]*\n", text):
        paragraphs = re.split(r"\n[^\S\n]*\n+", text)
        text = "\n".join(p.replace("\n", " ") for p in paragraphs)
    return normalise_text(text)


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds tags or entities (feeds often omit the type of their content)."""
    return bool(re.search(r"<[a-zA-Z/!][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", text))


def any_to_text(value: str, *, html: bool | None = None) -> str:
    """Plain text of feed content that is HTML (``html=True``), plain (False) or unknown (None)."""
    if html is None:
        html = looks_like_html(value)
    return html_to_text(value) if html else plain_to_text(value)


def normalise_text(text: str) -> str:
    """NFC, no zero-width or control characters, single spaces, trimmed lines, no empty paragraphs."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalise_inline(text: str | None) -> str | None:
    """A one-line field (title, author): markup stripped, whitespace collapsed; None when empty."""
    if text is None:
        return None
    flat = (html_to_text(text) if looks_like_html(text) else normalise_text(text)).replace("\n", " ")
    return flat or None


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a C0/C1 control character (line breaks and tabs included)."""
    return any(unicodedata.category(c) == "Cc" for c in text)


def text_hash(text: str) -> str:
    """Hash of the normalised text: equal for texts that differ only in spacing."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
