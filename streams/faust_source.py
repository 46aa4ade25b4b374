"""The source check of quotewire's Faust patches (``drain_eager``, ``take_quiet``): each replaces a Faust method
only while the installed Faust's source of it is the one the patch copied."""
from __future__ import annotations

import hashlib
import inspect


def source_digest(obj: object) -> str | None:
    """sha256 of ``obj``'s source, or None when it has none (Faust installed without its ``.py`` files)."""
    try:
        return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None
