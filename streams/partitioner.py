"""Kafka's default partitioner, hashing each key once.

The pipeline sends an article's statement records and its batch record under one key, the article id: about
15 records per article. aiokafka's ``DefaultPartitioner`` hashes the key again for each record with a pure
Python murmur2, which was 2% of the pipeline worker's CPU (issue 17). :class:`KeyPartitioner` keeps the hash
of recent keys, so an article's records cost one hash; the partition each record goes to is the default
partitioner's, so keys keep their partitions across versions, clients and languages.
"""
from __future__ import annotations

from collections.abc import Sequence

from aiokafka.partitioner import DefaultPartitioner, murmur2

CAPACITY = 4096
"""Keys whose hash is kept: when more arrive, the kept ones are forgotten all at once."""


class KeyPartitioner:
    """``DefaultPartitioner`` (a Faust ``producer_partitioner``) with the murmur2 hash of recent keys kept."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._hashes: dict[bytes, int] = {}
        self._default = DefaultPartitioner()

    def __call__(self, key: bytes | None, all_partitions: Sequence[int], available: Sequence[int]) -> int:
        if key is None or not isinstance(key, bytes):  # no key: a random partition, as Kafka's default
            return int(self._default(key, all_partitions, available))
        hashed = self._hashes.get(key)
        if hashed is None:
            if len(self._hashes) >= self.capacity:
                self._hashes.clear()
            hashed = self._hashes[key] = murmur2(key) & 0x7FFFFFFF
        return all_partitions[hashed % len(all_partitions)]
