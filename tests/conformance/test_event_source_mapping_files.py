"""Mapping files the server refuses: an invalid `--event-source-mappings` file stops the server
before it serves, with a message naming the file, the mapping and the field, as Lambda's
CreateEventSourceMapping validation names the field.
"""

import os
import subprocess

import pytest

from conformance_util import stator_bin
from esm_util import write_mapping_file

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own servers with mapping files")

GOOD = {"FunctionName": "fine", "TableName": "good_table", "StartingPosition": "TRIM_HORIZON",
        "Handler": {"Command": ["/bin/true"]}}


@pytest.mark.parametrize("change, field_name", [
    ({"BatchSize": 0}, "BatchSize"),
    ({"BatchSize": 10001}, "BatchSize"),
    ({"BatchSize": "ten"}, "BatchSize"),
    ({"MaximumBatchingWindowInSeconds": 301}, "MaximumBatchingWindowInSeconds"),
    ({"MaximumRetryAttempts": -2}, "MaximumRetryAttempts"),
    ({"MaximumRetryAttempts": 10001}, "MaximumRetryAttempts"),
    ({"MaximumRecordAgeInSeconds": 59}, "MaximumRecordAgeInSeconds"),
    ({"ParallelizationFactor": 11}, "ParallelizationFactor"),
    ({"StartingPosition": "AT_TIMESTAMP"}, "StartingPosition"),
    ({"StartingPosition": "EARLIEST"}, "StartingPosition"),
    ({"TumblingWindowInSeconds": 901}, "TumblingWindowInSeconds"),
    ({"FunctionResponseTypes": ["Everything"]}, "FunctionResponseTypes"),
    ({"FilterCriteria": {"Filters": [{"Pattern": "{not json"}]}}, "Filter"),
    ({"Handler": None}, "Handler"),
    ({"Handler": {"Command": []}}, "Command"),
    ({"Handler": {"Url": "ftp://127.0.0.1/x"}}, "Url"),
    ({"Timeout": 0}, "Timeout"),
    ({"DestinationConfig": {"OnFailure": {"Destination": 42}}}, "Destination"),
    ({"EventSourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/"
                        "2024-01-01T00:00:00.000"}, "EventSourceArn"),
    ({"TableName": None}, "TableName"),
    ({"BatchSise": 10}, "BatchSise"),
])
def test_invalid_mapping_stops_server_naming_field(tmp_path, change, field_name):
    bad = dict(GOOD, FunctionName="misconfigured", **change)
    bad = {k: v for k, v in bad.items() if v is not None}
    path = write_mapping_file(tmp_path, [GOOD, bad])
    output = refused_start(path)
    lowered = output.lower()
    assert field_name.lower() in lowered, output
    assert "misconfigured" in output, f"the message should name the mapping: {output}"


@pytest.mark.parametrize("content", ["[{", '{"FunctionName": "not a list"}', ""])
def test_unreadable_mapping_file_stops_server(tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_text(content)
    output = refused_start(str(path))
    assert str(path) in output, output


def test_missing_mapping_file_stops_server(tmp_path):
    path = str(tmp_path / "absent.json")
    assert path in refused_start(path)


def refused_start(mapping_file):
    """Starts the server with `mapping_file`, which must stop it before it serves; returns its
    output (standard output and error)."""
    proc = subprocess.Popen([stator_bin(), "--port", "0", "--in-memory",
                             "--event-source-mappings", mapping_file],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        pytest.fail(f"the server kept running with {mapping_file}: {out.decode()}")
    output = out.decode(errors="replace")
    assert proc.returncode != 0, output
    assert "listening on" not in output, output
    return output
