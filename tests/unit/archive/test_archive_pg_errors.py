"""Which PostgreSQL errors the consumer should retry (StoreUnavailable) and which it should not."""
from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from streams.archive.postgres import _transient


@pytest.mark.parametrize(
    "exc",
    [
        psycopg.OperationalError("connection refused"),  # failed connect: no SQLSTATE
        psycopg.InterfaceError("the connection is closed"),
        errors.AdminShutdown("terminating connection due to administrator command"),
        errors.DeadlockDetected("deadlock detected"),
        errors.SerializationFailure("could not serialize access"),
        errors.QueryCanceled("canceling statement due to statement timeout"),
        errors.TooManyConnections("sorry, too many clients already"),
        errors.DiskFull("could not extend file"),
        errors.LockNotAvailable("could not obtain lock"),
        errors.CannotConnectNow("the database system is starting up"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_transient(exc: psycopg.Error) -> None:
    assert _transient(exc)


@pytest.mark.parametrize(
    "exc",
    [
        errors.ProgramLimitExceeded("index row requires 13040 bytes"),
        errors.UndefinedTable('relation "statements" does not exist'),
        errors.NotNullViolation("null value in column"),
        errors.InvalidTextRepresentation("invalid input syntax"),
        psycopg.DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"),  # client-side
        errors.InsufficientPrivilege("permission denied for schema"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_permanent(exc: psycopg.Error) -> None:
    assert not _transient(exc)
