"""The day an article's roles apply on, from whatever date-ish value the article or its caller gives.

Its own small module: the registry and the speaker KB both read dates this way, and ``quotewire extract``
without a registry file then never imports the registry (its CSV reader and dataclasses are start-up time).
"""
from __future__ import annotations

from datetime import date, datetime


def as_of_date(value: datetime | date | str | None) -> date | None:
    """The article date a role applies on, from a datetime, date or ISO string (None if unknown)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
