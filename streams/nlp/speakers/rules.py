"""What a resolver rule answers when a mention is not its case, so that the next rule of its table is
tried (:data:`.dispatch.MENTION_RULES`, :data:`.name.NAME_RULES`, :data:`.description._RULES`). A rule that
answers ``None`` has taken the mention and found nobody."""

from __future__ import annotations

from enum import Enum


class Pass(Enum):
    """A rule's answer when the mention is not its case: the next rule is tried."""

    NEXT = "not this rule's case"


NEXT = Pass.NEXT
