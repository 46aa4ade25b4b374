"""Speaker terms (search ``--speaker``, alert ``speaker:``) expanded through the speaker KB.

A term that names a KB entity by any alias, transliteration or surname also matches
the speaker id every linked statement of that entity carries, so ``Nebenzya`` finds
statements whose article wrote "Vasiliy Nebenzija".
"""
from __future__ import annotations

from functools import lru_cache

import structlog

from ..nlp.kb import KBError, load_kb

log = structlog.get_logger(__name__)


@lru_cache(maxsize=4096)
def kb_speaker_ids(term: str) -> frozenset[str]:
    """Speaker ids of the KB entities ``term`` names (empty without a KB or a match)."""
    from ..settings import get_settings

    try:
        settings = get_settings()
        kb = load_kb(settings.kb_file) if settings.kb_link else None
    except (KBError, ValueError) as exc:
        log.warning("kb.unavailable", error=str(exc))
        return frozenset()
    if kb is None or not term.strip():
        return frozenset()
    return frozenset(c.entity.speaker_id for c in kb.candidates(term))
