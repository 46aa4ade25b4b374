"""The pipeline role's speaker memory: a changelog-backed Faust GlobalTable, the same on every worker."""
from __future__ import annotations

import faust
from faust.types.tables import GlobalTableT


def speaker_memory(app: faust.App) -> GlobalTableT:
    """Latest known role of each speaker (by speaker id), and aliases → speaker id: a later article that only
    says "Austin said" still gets the title an earlier one gave, on every worker, across restarts."""
    return app.GlobalTable(
        "speakers",
        default=None,
        partitions=1,
        recovery_buffer_size=1,  # Faust's documented guard against GlobalTable recovery loops
        use_partitioner=True,  # one changelog partition, whatever the source partition
        key_type=str,
        help="Speaker memory: latest known role of each speaker, and aliases → speaker id.",
    )
