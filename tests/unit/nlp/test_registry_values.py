"""Registry values are checked by type (issue 19 item 5): a number or a list where text belongs is refused
when the file loads, with the file, the entry and the field, instead of crashing alert matching later."""
from __future__ import annotations

from pathlib import Path

import pytest

from streams.nlp.registry import Registry, RegistryError


@pytest.mark.parametrize("line, field", [
    ("{title: 12345}", "title"),
    ("{title: Minister, organization: [a, b]}", "organization"),
    ("{title: Minister, country: true}", "country"),
    ("{title: Minister, valid_from: [2020]}", "valid_from"),
])
def test_a_role_value_of_the_wrong_type_is_refused_naming_file_entry_and_field(
        tmp_path: Path, line: str, field: str) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(f"people:\n  - name: Ivo Marek\n    roles:\n      - {line}\n")
    with pytest.raises(RegistryError) as info:
        Registry.load(path)
    message = str(info.value)
    assert str(path) in message and "person 1 (Ivo Marek)" in message and "role 1" in message
    assert f"{field}:" in message and ("text" in message or "date" in message)


@pytest.mark.parametrize("entry, field", [
    ("name: 12345", "name"),
    ("name: Ivo Marek\n    speaker_id: 7", "speaker_id"),
    ("name: Ivo Marek\n    aliases: [Ivo, 3]", "aliases"),
    ("name: Ivo Marek\n    country: {x: 1}", "country"),
    ("name: Ivo Marek\n    title: 12345", "title"),
    ("name: Ivo Marek\n    roles: {title: Minister}", "roles"),
])
def test_a_person_value_of_the_wrong_type_is_refused(tmp_path: Path, entry: str, field: str) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(f"people:\n  - {entry}\n")
    with pytest.raises(RegistryError, match=f"person 1.*{field}"):
        Registry.load(path)


def test_a_long_value_is_cut_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "registry.yaml"
    titles = ", ".join(["x" * 50] * 2000)
    path.write_text("people:\n  - name: Ivo Marek\n    roles:\n      - {title: [" + titles + "]}\n")
    with pytest.raises(RegistryError) as info:
        Registry.load(path)
    assert len(str(info.value)) < 500
