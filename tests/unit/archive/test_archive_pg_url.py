"""PostgreSQL store URLs: our schema parameter, libpq's own (TLS, options), no password in messages."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from streams.archive import StoreError, open_store
from streams.archive.postgres import PostgresStore, describe, parse_url


def query(conninfo: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(conninfo).query)


def test_schema_parameter_is_ours_and_removed() -> None:
    conninfo, schema = parse_url("postgresql://u@h/db?schema=archive_x&sslmode=require")
    assert schema == "archive_x"
    q = query(conninfo)
    assert "schema" not in q and q["sslmode"] == ["require"]
    assert q["connect_timeout"] == ["10"] and q["application_name"] == ["quotewire-archive"]


def test_schema_from_search_path_option() -> None:
    for url in ("postgresql://h/db?options=-csearch_path%3Dxyz", "postgresql://h/db?options=-c%20search_path%3Dxyz"):
        conninfo, schema = parse_url(url)
        assert schema == "xyz"
        assert query(conninfo)["options"][0].endswith("search_path=xyz")


def test_tls_and_timeouts_pass_through() -> None:
    url = ("postgresql://u:secret@db.example:6543/arch?sslmode=verify-full&sslrootcert=/ca.pem"
           "&sslcert=/c.pem&sslkey=/k.pem&connect_timeout=3")
    conninfo, schema = parse_url(url)
    q = query(conninfo)
    assert schema is None
    assert q["sslmode"] == ["verify-full"] and q["sslrootcert"] == ["/ca.pem"]
    assert q["connect_timeout"] == ["3"]


def test_no_password_in_descriptions() -> None:
    store = open_store("postgresql://u:secret@db.example:6543/arch?schema=s1")
    assert isinstance(store, PostgresStore)
    assert "secret" not in repr(store) and "secret" not in store.target
    assert store.target == "postgresql://u@db.example:6543/arch schema s1"
    assert "secret" not in describe(*parse_url("postgres://u:secret@h/db"))


def test_invalid_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="invalid"):
        open_store("postgresql://h/db?nonsense_parameter=1")
