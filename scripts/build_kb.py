#!/usr/bin/env python3
"""Build the speaker KB shipped in the package (streams/nlp/kb/data/speakers.kb).

    python scripts/build_kb.py [EXTRA_SOURCE ...]

Sources, in this order (later ones win where two answer):
1. any EXTRA_SOURCE given: a Wikidata JSON dump, or unitedstates/congress-legislators
   ``legislators-current.yaml`` / ``legislators-historical.yaml`` / ``executive.yaml`` (CC0),
   read with ``--since 2015-01-01`` so the KB keeps officials of 2015 on;
2. streams/kb/sources/curated.yaml: written by hand for quotewire (CC0), always included.

Only sources whose licence allows redistribution may go into the shipped file; each is
named in the README's "Speaker KB" section with its licence and date. Nothing is downloaded:
the sources are files given here. The output is reproducible: entities sorted by id, no
timestamps.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streams.kb.build import build  # noqa: E402
from streams.nlp.kb.store import DEFAULT_PATH, write_kb  # noqa: E402

CURATED = ROOT / "streams" / "kb" / "sources" / "curated.yaml"
SINCE = date(2015, 1, 1)


def build_default(extra: list[Path], out: Path = DEFAULT_PATH) -> int:
    """Build the packaged KB from ``extra`` sources and the curated file into ``out``; returns entities."""
    sources = [*extra, CURATED]
    entities = build(sources, SINCE)
    meta = {"sources": json.dumps([p.name for p in sources]), "since": SINCE.isoformat(),
            "license": "CC0-1.0 (curated.yaml)" + ("" if not extra else " + the sources named in the README")}
    return write_kb(entities, out, meta)


def main(argv: list[str]) -> int:
    n = build_default([Path(a) for a in argv])
    print(f"{DEFAULT_PATH.relative_to(ROOT)}: {n} entities, {DEFAULT_PATH.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
