"""The conformance suite's helpers the torture run reuses: starting and killing the `stator`
binary (STATOR_BIN overrides build/tools/stator), boto3 clients with retries off (a retry is
the torture run's decision, never botocore's), and walking a stream's shards.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))

from conformance_util import Server, unique_name, wait_active  # noqa: E402
from conftest import make_client  # noqa: E402
from streams_util import (is_closed, list_shards, make_streams_client, parents_first,  # noqa: E402
                          shard_iterator)

__all__ = ["Server", "unique_name", "wait_active", "make_client", "is_closed", "list_shards",
           "make_streams_client", "parents_first", "shard_iterator"]
