"""Text folding for matching: ``streams.textfold``, shared with the archive's search."""
from __future__ import annotations

from ..textfold import WORD, fold, words

__all__ = ["WORD", "fold", "words"]
