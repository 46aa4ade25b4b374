"""Optional build step: ``QUOTEWIRE_MYPYC=1`` compiles the statement grammar and speaker resolution with mypyc.

Without it (every editable install, the tests, CI) the package is plain Python, exactly as it is
configured in pyproject.toml. With it, the modules below are also built as C extensions of the same
source (mypyc, shipped with mypy; a C compiler is needed): the same statements and speakers, byte
for byte, for less CPU in extraction. Build it without build isolation, so that mypy is there:

    pip install -c constraints.txt mypy types-PyYAML types-jsonschema pydantic 'setuptools>=77' wheel
    QUOTEWIRE_MYPYC=1 pip wheel --no-build-isolation --no-deps -w dist .

An installed compiled module wins over its .py file: rebuild after editing one of these modules.
Compiled functions do not bind as methods: a class here must define its methods in its body, not
borrow a module's function as a class attribute (tests/unit/test_setup_compiled.py checks this).
"""
from __future__ import annotations

import os

from setuptools import Extension, setup

COMPILED = [
    "streams/nlp/text.py",
    "streams/nlp/roles.py",
    "streams/nlp/patterns.py",
    "streams/nlp/speakers/__init__.py",
    "streams/nlp/speakers/article.py",
    "streams/nlp/speakers/associate.py",
    "streams/nlp/speakers/description.py",
    "streams/nlp/speakers/dispatch.py",
    "streams/nlp/speakers/document.py",
    "streams/nlp/speakers/entities.py",
    "streams/nlp/speakers/explain.py",
    "streams/nlp/speakers/fitting.py",
    "streams/nlp/speakers/group.py",
    "streams/nlp/speakers/index.py",
    "streams/nlp/speakers/mentions.py",
    "streams/nlp/speakers/name.py",
    "streams/nlp/speakers/organization.py",
    "streams/nlp/speakers/persons.py",
    "streams/nlp/speakers/pronoun.py",
    "streams/nlp/speakers/relative.py",
    "streams/nlp/speakers/rules.py",
    "streams/nlp/speakers/role_evidence.py",
    "streams/nlp/speakers/speaker_record.py",
    "streams/nlp/speakers/things.py",
    "streams/nlp/speakers/words.py",
    "streams/nlp/statements/__init__.py",
    "streams/nlp/statements/article.py",
    "streams/nlp/statements/clause.py",
    "streams/nlp/statements/content.py",
    "streams/nlp/statements/cue_scan.py",
    "streams/nlp/statements/frames.py",
    "streams/nlp/statements/speaker_np.py",
    "streams/nlp/statements/verb_frame.py",
    "streams/nlp/statements/view.py",
]
"""Pure, typed, CPU-bound modules: the text layout, role reading, speaker resolution and the statement
grammar."""


def _ext_modules() -> list[Extension]:
    if os.environ.get("QUOTEWIRE_MYPYC") != "1":
        return []
    from mypyc.build import mypycify

    return mypycify(COMPILED, opt_level="3")


setup(ext_modules=_ext_modules())
