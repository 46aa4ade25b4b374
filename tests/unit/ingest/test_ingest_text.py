"""Markup → plain text with one paragraph per line."""

from __future__ import annotations

from streams.ingest.text import (
    any_to_text,
    html_to_text,
    looks_like_html,
    normalise_inline,
    normalise_text,
    plain_to_text,
    text_hash,
)


def test_html_paragraphs_become_lines_and_markup_goes() -> None:
    html = (
        "<div><p>First   <b>bold</b>\n  paragraph.</p><p>Second&nbsp;one &amp; more.<br/>After a break.</p>"
        "<script>var x = '<p>not text</p>';</script><style>p { color: red }</style>"
        "<ul><li>Item one</li><li>Item two</li></ul></div>"
    )
    assert html_to_text(html) == (
        "First bold paragraph.\nSecond one & more.\nAfter a break.\nItem one\nItem two"
    )


def test_inline_elements_do_not_split_paragraphs() -> None:
    assert html_to_text("<p>A <a href='x'>link</a>, <em>emphasis</em> and <span>span</span>.</p>") == (
        "A link, emphasis and span."
    )


def test_typographic_entities_are_decoded() -> None:
    assert (
        html_to_text("<p>&#8220;Yes,&#8221; she said &mdash; twice.</p>")
        == "\u201cYes,\u201d she said \u2014 twice."
    )


def test_plain_text_with_blank_lines_joins_hard_wrapped_lines() -> None:
    text = "A paragraph that was\nhard wrapped.\n\n  Second paragraph.  \n\n\n\nThird."
    assert plain_to_text(text) == "A paragraph that was hard wrapped.\nSecond paragraph.\nThird."


def test_plain_text_without_blank_lines_keeps_each_line() -> None:
    assert plain_to_text("One.\r\nTwo.\rThree.") == "One.\nTwo.\nThree."


def test_normalise_text_spaces_zero_width_and_nfc() -> None:
    assert normalise_text(" a\t b\u200b c \n\n \u00a0 \nCafe\u0301 ") == "a b c\nCaf\u00e9"


def test_detecting_html() -> None:
    assert looks_like_html("<p>x</p>") and looks_like_html("Q&amp;A") and looks_like_html("a &#8220;b")
    assert not looks_like_html("AT&T sells 3 < 4 units") and not looks_like_html("plain")
    assert any_to_text("AT&T said <nothing>") == "AT&T said"  # a tag-like thing is markup
    assert any_to_text("x < y", html=False) == "x < y"


def test_inline_fields() -> None:
    assert normalise_inline("  A <i>title</i>\n with   breaks ") == "A title with breaks"
    assert normalise_inline("   ") is None and normalise_inline(None) is None


def test_hash_ignores_spacing_but_not_words() -> None:
    assert text_hash("One  two.\n\nThree") == text_hash("One two.\nThree ")
    assert text_hash("One two.") != text_hash("One three.")
