"""The pipeline's view of the speaker memory table writes the changelog records Faust's own table path would
write (same key and value bytes), once per write and in order, without Faust's ProducerBuffer."""
from __future__ import annotations

import asyncio
from typing import Any

import faust

from streams.agents.record_sender import RecordSender
from streams.agents.speaker_memory import SpeakerMemory, speaker_memory


class _Sent(RecordSender):
    def __init__(self, app: faust.App) -> None:
        super().__init__(app)
        self.records: list[tuple[str, bytes | None, bytes | None]] = []
        self.partitions: set[int | None] = set()

    async def send(self, topic: str, key: bytes | None, value: bytes | None, headers: Any = None, *,
                   partition: int | None = None) -> None:
        self.records.append((topic, key, value))
        self.partitions.add(partition)


def _memory() -> tuple[faust.App, Any, SpeakerMemory, _Sent]:
    app = faust.App("test-memory", broker="kafka://127.0.0.1:9", store="memory://")
    table = speaker_memory(app)
    sent = _Sent(app)
    return app, table, SpeakerMemory(table, sent), sent


def _faust_record(table: Any, key: str, value: Any) -> tuple[str, bytes, bytes]:
    """What ``table[key] = value`` hands to Faust's producer buffer."""
    message = table.changelog_topic.as_future_message(key=key, value=value, key_serializer=table.key_serializer,
                                                      value_serializer=table.value_serializer).message
    return table.changelog_topic.get_topic_name(), message.key, message.value


def test_each_write_sends_the_record_the_table_would_send_in_order() -> None:
    _, table, memory, sent = _memory()
    record = {"name": "Lloyd Austin", "title": "Defense Secretary", "last_seen": "2024-10-30"}
    memory["p:lloyd austin"] = record
    memory["alias:austin"] = {"p:lloyd austin": "2024-10-30"}
    memory["p:lloyd austin"] = {**record, "last_seen": "2024-10-31"}
    assert memory.get("p:lloyd austin") == {**record, "last_seen": "2024-10-31"}  # reads see the writes at once
    assert table.data["alias:austin"] == {"p:lloyd austin": "2024-10-30"}  # the table's own store holds them
    assert memory.unsent == 3 and sent.records == []

    async def faust_records() -> list[tuple[str, bytes, bytes]]:
        return [_faust_record(table, "p:lloyd austin", record),
                _faust_record(table, "alias:austin", {"p:lloyd austin": "2024-10-30"}),
                _faust_record(table, "p:lloyd austin", {**record, "last_seen": "2024-10-31"})]

    asyncio.run(memory.send_changes())
    assert sent.records == asyncio.run(faust_records())
    assert sent.records[0][0].endswith("speakers-changelog")
    assert sent.partitions == {0}  # the table's one changelog partition, as Faust's partitioner would give
    asyncio.run(memory.send_changes())  # nothing is sent twice
    assert len(sent.records) == 3 and memory.unsent == 0


def test_a_deletion_sends_a_tombstone() -> None:
    _, _, memory, sent = _memory()
    memory["alias:hale"] = {"p:ann hale": "2024-01-02"}
    del memory["alias:hale"]
    assert "alias:hale" not in memory and memory.get("alias:hale") is None
    asyncio.run(memory.send_changes())
    assert [value for _, _, value in sent.records][1] is None
