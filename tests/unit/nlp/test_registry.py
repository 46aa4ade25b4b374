"""The curated registry: dated roles applied as of the article's date."""
from __future__ import annotations

from pathlib import Path

import pytest

from streams.nlp.memory import SpeakerRecord, recall
from streams.nlp.model import Speaker
from streams.nlp.registry import Registry, RegistryError

YAML = """
people:
  - name: Ivo Marek
    country: Czech Republic
    roles:
      - {title: Defence Minister, valid_from: 2017-01-01, valid_to: 2021-06-30}
      - {title: Prime Minister, valid_from: 2021-07-01}
  - name: Pia Holm
    speaker_id: person:pia-holm-se
    aliases: [P. Holm]
    roles:
      - {title: Foreign Minister, organization: Government of Sweden, country: Sweden, valid_from: 2019-01-01}
"""

CSV = """name,speaker_id,aliases,title,organization,country,valid_from,valid_to
Ivo Marek,,,Defence Minister,,Czech Republic,2017-01-01,2021-06-30
Ivo Marek,,,Prime Minister,,Czech Republic,2021-07-01,
"""


@pytest.fixture(params=["yaml", "csv"])
def registry(request, tmp_path: Path) -> Registry:
    if request.param == "yaml":
        p = tmp_path / "registry.yaml"
        p.write_text(YAML, encoding="utf-8")
    else:
        p = tmp_path / "registry.csv"
        p.write_text(CSV, encoding="utf-8")
    return Registry.load(p)


def bare(name: str, sid: str) -> Speaker:
    return Speaker(name, "person", None, None, None, sid, None)


def test_role_as_of_the_article_date_for_a_backfill(registry: Registry) -> None:
    old = registry.apply(bare("Ivo Marek", "person:ivo-marek"), "2019-05-04T08:00:00Z")
    assert (old.title, old.country, old.role_source) == ("Defence Minister", "Czech Republic", "registry")
    new = registry.apply(bare("Ivo Marek", "person:ivo-marek"), "2022-02-01")
    assert new.title == "Prime Minister"


def test_surname_only_speaker_is_found_and_completed(registry: Registry) -> None:
    out = registry.apply(bare("Marek", "person:marek"), "2022-02-01")
    assert (out.name, out.speaker_id, out.title) == ("Ivo Marek", "person:ivo-marek", "Prime Minister")


def test_article_title_beats_the_registry(registry: Registry) -> None:
    stated = Speaker("Ivo Marek", "person", "party leader", None, None, "person:ivo-marek", "article")
    out = registry.apply(stated, "2022-02-01")
    assert (out.title, out.role_source) == ("party leader", "article")


def test_no_role_before_the_first_one_starts(registry: Registry) -> None:
    out = registry.apply(bare("Ivo Marek", "person:ivo-marek"), "2010-01-01")
    assert out.title is None and out.role_source is None


def test_registry_beats_memory_for_an_old_article(registry: Registry) -> None:
    memory = SpeakerRecord("person:ivo-marek", "Ivo Marek", "person", "Prime Minister", None,
                           "Czech Republic", "2022-01-01", "2024-01-01", "2024-01-01")
    speaker = bare("Marek", "person:marek")
    out = recall(registry.apply(speaker, "2019-05-04"), memory, "2019-05-04")
    assert (out.title, out.role_source) == ("Defence Minister", "registry")


def test_yaml_ids_aliases_and_organisations(tmp_path: Path) -> None:
    p = tmp_path / "r.yml"
    p.write_text(YAML, encoding="utf-8")
    reg = Registry.load(p)
    out = reg.apply(bare("P. Holm", "person:p-holm"), "2020-01-01")
    assert (out.name, out.speaker_id, out.title, out.organization, out.country) == (
        "Pia Holm", "person:pia-holm-se", "Foreign Minister", "Government of Sweden", "Sweden")
    assert len(reg) == 2


def test_no_file_means_an_empty_registry_and_bad_files_say_why(tmp_path: Path) -> None:
    assert len(Registry.load(None)) == 0
    with pytest.raises(RegistryError, match="not found"):
        Registry.load(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - name: X\n    roles:\n      - {title: T, valid_from: someday}\n",
                   encoding="utf-8")
    with pytest.raises(RegistryError, match="not a date"):
        Registry.load(bad)
    wrong = tmp_path / "r.txt"
    wrong.write_text("x", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"\.yaml"):
        Registry.load(wrong)


def test_organisations_and_unknown_people_pass_through(registry: Registry) -> None:
    org = Speaker("Pentagon", "organization", None, None, "United States", "org:united-states/pentagon",
                  "article")
    assert registry.apply(org, "2022-01-01") is org
    stranger = bare("Nobody Known", "person:nobody-known")
    assert registry.apply(stranger, "2022-01-01") is stranger


@pytest.mark.parametrize("name", ["registry.csv", "registry.yaml"])
@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"name,title\n\xff\xfe\x00Jane,\x89PNG\r\n"])
def test_a_binary_file_is_refused_with_its_name_not_a_traceback(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(RegistryError, match=f"{path}: not a UTF-8 text file .*byte"):
        Registry.load(path)
