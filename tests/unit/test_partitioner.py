"""Records go to the partition Kafka's default partitioner picks, with each key hashed once
(streams/partitioner.py)."""
from __future__ import annotations

import random

import pytest
from aiokafka.partitioner import DefaultPartitioner

import streams.app
from streams import partitioner
from streams.partitioner import KeyPartitioner
from streams.settings import Settings


def test_every_key_goes_where_the_default_partitioner_sends_it() -> None:
    rng = random.Random(7)
    ours, default = KeyPartitioner(capacity=50), DefaultPartitioner()
    for _ in range(2000):
        key = rng.randbytes(rng.randrange(0, 40))
        partitions = list(range(rng.choice([1, 3, 4, 12, 100])))
        for _ in range(2):  # the second time from the kept hash
            assert ours(key, partitions, partitions) == default(key, partitions, partitions)


def test_an_articles_records_hash_its_key_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    real = partitioner.murmur2
    monkeypatch.setattr(partitioner, "murmur2", lambda key: calls.append(key) or real(key))
    ours = KeyPartitioner()
    for article in (b"article-1", b"article-2"):
        for partitions in ([0, 1, 2, 3], [0, 1, 2, 3, 4, 5]):  # statements and batches topics
            for _ in range(15):
                ours(article, partitions, partitions)
    assert calls == [b"article-1", b"article-2"]


def test_a_record_without_a_key_goes_to_an_available_partition() -> None:
    assert {KeyPartitioner()(None, [0, 1, 2], [2]) for _ in range(20)} == {2}


def test_the_workers_producer_uses_it() -> None:
    app = streams.app.create_app("alerts", Settings(broker="kafka://127.0.0.1:9"), web_port=6099)
    assert isinstance(app.conf.producer_partitioner, KeyPartitioner)
