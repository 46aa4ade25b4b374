"""streams.lifeline: a child whose parent died before the death signal was armed does not run on."""
from __future__ import annotations

import os
import signal
import sys

import pytest

from streams.lifeline import die_with_parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG) is Linux's")
def test_a_child_orphaned_before_the_death_signal_was_armed_ends_despite_a_sigterm_handler() -> None:
    """The supervisor restarts roles while its own SIGTERM handler is installed, and a forked child inherits
    it until exec: killed between fork and prctl, the child's SIGTERM to itself only set the inherited
    handler's flag, and the role was exec'd and ran on without a supervisor."""
    preexec = die_with_parent(signal.SIGTERM)
    assert preexec is not None
    pid = os.fork()
    if pid == 0:  # the child, as Popen runs preexec_fn: after fork, before exec
        try:
            signal.signal(signal.SIGTERM, lambda *_: None)  # the supervisor's handler, inherited
            os.getppid = lambda: 1  # type: ignore[assignment]  # the parent is already gone
            preexec()
        finally:
            os._exit(0)  # got this far: the role would be exec'd
    _, status = os.waitpid(pid, 0)
    assert not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0), "the orphaned child ran on"
