"""Child processes that die with their parent, even when the parent is killed with SIGKILL.

On Linux, ``prctl(PR_SET_PDEATHSIG)`` set in the child between fork and exec asks the
kernel to signal the child when the thread that forked it exits. The supervisor and
the embedded broker's owner fork from their main thread; a child forked from another
thread would die with that thread, so no death signal is set there. Elsewhere (no
prctl) this is a no-op.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the kernel send ``sig`` to the child when this process dies, or None
    when that cannot be promised (no prctl, or not called from the main thread)."""
    prctl = _prctl()
    if prctl is None or threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the death signal was armed
            os._exit(128 + int(sig))  # not os.kill: a SIGTERM handler inherited from the parent catches it

    return preexec
