"""SHA-256 without ``hashlib``: statement ids (``streams.events``) and the gazetteer cache's name
(``streams.nlp.roles``) hash with Python's own module, as importing ``hashlib`` loads OpenSSL's libcrypto,
a tenth of ``quotewire extract``'s imports, for the same digests (a test compares them)."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Final, cast


def _builtin_sha256() -> Callable[[bytes], Any]:
    """SHA-256 from Python's own module (``_sha256``; ``_sha2`` from 3.12), else ``hashlib``'s."""
    for name in ("_sha256", "_sha2"):
        try:
            return cast("Callable[[bytes], Any]", importlib.import_module(name).sha256)
        except ImportError:
            continue
    import hashlib  # a Python built without its own SHA-256

    return hashlib.sha256


SHA256: Final = _builtin_sha256()
"""``hashlib.sha256`` for one piece of data: ``SHA256(data).hexdigest()``."""
