"""``quotewire extract --explain``: which rules gave each statement its speaker and role."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from streams.cli import main
from streams.nlp import extract_statements
from streams.nlp.speakers import explain, resolve

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "golden"
TEXT = ("Ballot fight\n\nHarry Quint (D-Nev.) blasted the challengers in an interview. \"It is one of the worst "
        "things I have seen,\" the Senate minority leader said. \"We will appeal,\" he said.")


def test_explain_names_the_resolver_the_antecedent_and_where_each_role_came_from() -> None:
    sts = extract_statements(TEXT)
    why = {w.mention: w for w in explain(TEXT, sts) if w.mention}
    desc = why["the Senate minority leader"]
    assert desc.resolver == "description, fitted to a named person"
    assert desc.antecedent is not None and desc.antecedent.startswith("Harry Quint")
    assert desc.antecedent.endswith("the mention before it at 14: 'Harry Quint'")
    assert desc.sources["title"].startswith("description at ")
    assert desc.sources["country"].startswith("state tag")
    assert why["he"].resolver == "pronoun"


def test_explain_agrees_with_resolution_on_the_golden_articles() -> None:
    for path in sorted(GOLDEN.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sts = extract_statements(text)
        for sp, why in zip(resolve(text, sts), explain(text, sts), strict=True):
            assert why.speaker == sp
            if sp is not None and sp.type == "person":
                assert why.antecedent is not None and why.antecedent.startswith(sp.name or "")


def test_extract_explain_prints_the_cue_frame_and_the_rules(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(article)])
    assert result.exit_code == 0, result.output
    assert "cue 'said' (frame: say)" in result.output
    assert "speaker 'the Senate minority leader' -> Harry Quint [person] by description, fitted to" in result.output
    assert "title 'Senate minority leader' <- description at" in result.output


def test_extract_explain_says_which_role_came_from_the_speaker_kb(tmp_path: Path) -> None:
    """The explanation follows the published event: a country the article never states, filled from
    the speaker KB, is shown with the KB as its source."""
    article = tmp_path / "article.txt"
    article.write_text("Troops\n\nLloyd Austin said the troops would stay.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(article)])
    assert result.exit_code == 0, result.output
    assert "country 'United States' <- the speaker KB" in result.output


def test_explain_and_jsonl_do_not_combine(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", "--jsonl", str(article)])
    assert result.exit_code == 2 and "without --jsonl" in result.output


def test_explain_names_the_finer_resolver_and_the_mention_a_pronoun_follows() -> None:
    text = ("Lena Ortiz, the mayor, met Tom Reyes on Monday. Ms. Ortiz said the budget was sound. "
            "Reyes said taxes would rise. He said the vote was close. Teachers said they would strike.")
    sts = extract_statements(text)
    why = {w.mention: w for w in explain(text, sts) if w.mention}
    assert why["Ms. Ortiz"].resolver == "honorific and surname"
    assert why["Reyes"].resolver == "surname"
    assert why["He"].resolver == "pronoun"
    assert why["He"].antecedent is not None and why["He"].antecedent.endswith(f"at {text.index('Reyes said')}: 'Reyes'")


def test_every_statement_names_the_grammar_rule_that_found_it() -> None:
    text = ("Port talks\n\nLena Ortiz said the harbour would open in May. \"We are ready,\" she said. "
            "The port will grow, according to Tom Reyes. Taxes will rise, Reyes said.\n")
    rules = {text[s.content[0].start:s.content[0].end]: s.rule for s in extract_statements(text)}
    assert rules == {
        "the harbour would open in May": "content after the cue",
        "\"We are ready,\"": "quotation before the frame",
        "The port will grow": "according to",
        "Taxes will rise": "content before a trailing frame",
    }


def test_extract_explain_prints_the_rule(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(article)])
    assert "    rule: quotation before the frame" in result.output


def test_extract_explain_says_when_a_mention_resolves_to_nobody(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Budget vote\n\nHe said the plan would fail.\n\nJane Roe/Reuters said the vote was close.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(article)])
    assert result.exit_code == 0, result.output
    assert "speaker 'He': none (pronoun)" in result.output
    assert ": none (photo credit)" in result.output
    assert "(unnamed)" not in result.output


def test_a_country_the_kb_adds_beside_the_articles_title_is_credited_to_the_kb(tmp_path: Path) -> None:
    """The KB adds only the country when the article gave a title, and the event keeps role_source
    "article": the explanation must not credit the article with it."""
    article = tmp_path / "article.json"
    article.write_text('[{"article_id": "f1", "body": "Budget\\n\\nChancellor Angela Merkel said the plan would '
                       'help.", "published_at": "2016-01-05T00:00:00Z"}]', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(article)])
    assert result.exit_code == 0, result.output
    country = next(line for line in result.output.splitlines() if line.strip().startswith("country"))
    assert country.startswith("    country 'Germany' <- the speaker KB"), country


def test_explain_and_no_resolve_do_not_combine(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", "--no-resolve", str(article)])
    assert result.exit_code == 2 and "without --no-resolve" in result.output
