"""SIGKILL of the pipeline worker at random moments, on a broker of its own: no statement lost.

The broker runs on its own (as ``quotewire broker`` runs it), so its topics outlive the worker; the
supervisor restarts the killed worker. Each run kills the pipeline four times, at moments drawn from a
seed (printed; ``QUOTEWIRE_FAULT_SEED`` replays one): shortly after a backlog is published (often before
its first offset commit), just after the restarted worker has recovered its speaker-memory table and
resumed its streams, late in the next start-up (while it joins its group or recovers that table), and
mid-stream in a second backlog. Every statement must then be archived, once. Statements sent again on the
statements topic (work redone after a kill) are counted and printed: at-least-once, and the archive
upserts them.

Before the fix in :mod:`streams.recovery_resume` a restarted worker skipped the records that a fetch
returned while its flow was stopped, on every partition its group had not committed yet: the whole
backlog when killed before the first commit, or the extraction records of whole articles when the
articles partitions had a commit and the extractions partitions not yet (the issue saw loss in 5 runs of
6 with the eval articles).
"""
from __future__ import annotations

import os
import random
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from streams import events
from streams.broker import EmbeddedBroker
from streams.topics import names

from .conftest import make_settings, publish, read_topic, running_workers
from .test_faults import (
    archived_count,
    archived_ids,
    assert_alive,
    expected_ids,
    expected_statements,
    http_status,
    sigkill_and_restart,
    wait_until,
    web_ports,
)

pytestmark = pytest.mark.broker

FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Irene", "Jonas", "Karin",
         "Lukas", "Marta", "Nils", "Olga", "Pavel", "Rosa", "Sven", "Tomas", "Ursula"]
LAST = ["Kowal", "Brandt", "Moreau", "Lindqvist", "Okafor", "Novak", "Haddad", "Silva", "Berger", "Ivanova",
        "Costa", "Fischer", "Dubois", "Horvat", "Jensen", "Keller", "Laine", "Mendes", "Nagy", "Petrov"]
ROLES = ["mayor", "harbour master", "union spokeswoman", "finance minister", "police chief",
         "school director"]
TOPICS = ["the bridge repairs", "the school budget", "the flood barrier", "the bus timetable",
          "the harbour dredging"]
PLACES = ["Lowmarsh", "Eastwick", "Highmoor", "Saltbay"]


def articles(n: int, prefix: str) -> list[dict[str, Any]]:
    """Invented articles of twelve statements each, by 400 different named speakers with roles, so the
    speaker memory (a GlobalTable) has thousands of changelog records to recover, as with real news."""
    out = []
    for i in range(n):
        lines = []
        for j in range(12):
            k = i * 12 + j
            name, role = f"{FIRST[k % 20]} {LAST[(k // 20) % 20]}", ROLES[k % 6]
            topic, place = TOPICS[k % 5], PLACES[k % 4]
            if j % 3 == 0:
                lines.append(f'"We will decide on {topic} before contract {k} is signed," said {name}, '
                             f"the {role} of {place}.")
            elif j % 3 == 1:
                lines.append(f"{name.split()[1]} said that shipment {k} for {place} had been delayed "
                             "by the storm.")
            else:
                lines.append(f'"Nobody will lose their job over item {k}," the {role} of {place}, {name}, '
                             "told reporters.")
        out.append({"article_id": f"{prefix}-{i}", "body": "\n".join(lines), "source": "fault wire"})
    return out


@pytest.mark.slow
def test_pipeline_sigkilled_before_first_commit_around_recovery_and_mid_stream_loses_nothing(
    fresh_broker: EmbeddedBroker, tmp_path: Path
) -> None:
    seed = int(os.environ.get("QUOTEWIRE_FAULT_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    print(f"fault seed: QUOTEWIRE_FAULT_SEED={seed}")
    settings = make_settings(fresh_broker, tmp_path / "data", web_port=web_ports(2), partitions=4,
                             commit_interval=1.0, archive_batch_size=100)
    tag = uuid.uuid4().hex[:6]
    first, second = articles(300, f"f{tag}"), articles(150, f"s{tag}")
    n_first = len(expected_ids(expected_statements(first)))
    want = expected_ids(expected_statements(first + second))
    kills: list[tuple[str, float]] = []  # what the kill aimed at, seconds after the first publish

    with running_workers(settings, ["pipeline", "archive"], tmp_path / "logs") as supervisor:
        pipeline = supervisor.children[0]
        ready = lambda: http_status(settings.web_port, "/readyz") == 200  # noqa: E731 - the pipeline's
        assert wait_until(lambda: ready() and http_status(settings.web_port + 1, "/readyz") == 200, 120), \
            "the workers never became ready"
        publish(settings, first)  # a backlog, all at once, as `quotewire publish` sends it
        started = time.monotonic()

        time.sleep(rng.uniform(0.05, 1.0))  # often before the first offset commit (every 1 s)
        kills.append(("after publish", round(time.monotonic() - started, 2)))
        sigkill_and_restart(pipeline)
        spawned = time.monotonic()

        # /readyz answers 200 once table recovery has ended and the streams resume: kill just after that,
        # then once more late in the next start-up (60-100% of the time this one took), while the worker
        # joins its group or recovers its speaker memory.
        assert wait_until(ready, 120), "the restarted pipeline never became ready"
        took = time.monotonic() - spawned
        time.sleep(rng.uniform(0.0, 1.0))
        kills.append(("just after table recovery", round(time.monotonic() - started, 2)))
        sigkill_and_restart(pipeline)
        share = rng.uniform(0.6, 1.0)
        time.sleep(share * took)
        kills.append((f"start-up, {share:.0%} of {took:.1f} s", round(time.monotonic() - started, 2)))
        sigkill_and_restart(pipeline)

        assert wait_until(ready, 120), "the restarted pipeline never became ready"
        assert wait_until(lambda: archived_count(settings) >= n_first, 180, every=0.5), \
            f"the first backlog never reached the archive: {archived_count(settings)} of {n_first}"
        publish(settings, second)
        share = rng.uniform(0.1, 0.6)
        assert wait_until(lambda: archived_count(settings) >= n_first + share * (len(want) - n_first), 120,
                          every=0.05), "the second backlog never got going"
        kills.append((f"mid-stream at {share:.0%}", round(time.monotonic() - started, 2)))
        sigkill_and_restart(pipeline)

        wait_until(lambda: archived_count(settings) >= len(want), 240, every=0.5)
        time.sleep(2.0)  # anything late or doubled arrives now
        ids = archived_ids(settings)
        assert_alive(supervisor.children)
    assert ids is not None, "the archive cannot be read"
    sent = [events.loads(r["value"])["statement_id"]
            for r in read_topic(settings, names(settings).statements, until=lambda r: len(r) >= len(want),
                                timeout=60, quiet=2.0)]
    repeated = len(sent) - len(set(sent))
    counts = Counter(ids)
    lost = want - set(counts)
    print(f"RESULT seed={seed} kills={kills} statements={len(want)} lost={len(lost)} repeated={repeated} "
          f"archived_twice={sum(1 for c in counts.values() if c > 1)}")
    assert not lost, f"{len(lost)} of {len(want)} statements never reached the archive (kills: {kills})"
    assert set(counts) == want, f"{len(set(counts) - want)} unexpected statements in the archive"
    assert all(c == 1 for c in counts.values()), "statements archived more than once"
