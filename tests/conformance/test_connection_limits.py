"""Connections beyond what the server can hold: over its limit a connection is answered 503
(DynamoDB's retryable ServiceUnavailable) and closed, and when the process runs out of file
descriptors the accept loop pauses instead of spinning, so the server keeps answering once
connections go. Each test starts its own server (a low descriptor limit, a small connection
limit)."""

import json
import os
import resource
import socket
import time

import pytest

from conformance_util import Server, free_port, host_port
from conftest import make_client

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own servers with their own limits")

# The service's health check: answered 200 whatever the credentials.
HEALTH_CHECK = b"GET / HTTP/1.1\r\nHost: stator\r\n\r\n"


def open_idle(endpoint, count):
    sockets = []
    for _ in range(count):
        s = socket.create_connection(host_port(endpoint), timeout=5)
        sockets.append(s)
    return sockets


def exchange(endpoint, request=HEALTH_CHECK):
    """Sends `request` on a new connection; returns (status, body) of the answer."""
    with socket.create_connection(host_port(endpoint), timeout=5) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _length(data):
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def eventually_ok(endpoint, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        status, body = exchange(endpoint)
        if status == 200 or time.monotonic() > deadline:
            return status, body
        time.sleep(0.05)


def test_connections_over_the_limit_get_service_unavailable():
    server = Server(["--in-memory", "--port", "0", "--max-connections", "4"])
    try:
        idle = open_idle(server.endpoint, 4)
        time.sleep(0.2)  # the server has accepted them
        status, body = exchange(server.endpoint)
        assert status == 503
        error = json.loads(body)
        assert error["__type"] == "com.amazonaws.dynamodb.v20120810#ServiceUnavailable"
        assert "4 connections" in error["message"]
        for s in idle:
            s.close()
        status, body = eventually_ok(server.endpoint)
        assert status == 200, body
        assert body.startswith(b"healthy")
    finally:
        server.stop()


def low_descriptor_limit(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return apply


def test_out_of_descriptors_the_server_neither_spins_nor_stops_answering():
    # A connection limit above the descriptors there are: the accepts themselves fail (EMFILE).
    server = Server(["--in-memory", "--port", "0", "--max-connections", "10000"],
                    preexec_fn=low_descriptor_limit(64))
    idle = []
    try:
        idle = open_idle(server.endpoint, 80)
        time.sleep(0.3)
        before = cpu_seconds(server.proc.pid)
        time.sleep(1.0)
        spent = cpu_seconds(server.proc.pid) - before
        assert spent < 0.3, f"the server spent {spent:.2f} s of CPU in a second with nothing to do"
        for s in idle:
            s.close()
        idle = []
        status, body = eventually_ok(server.endpoint)
        assert status == 200, body
        assert server.proc.poll() is None
    finally:
        for s in idle:
            s.close()
        server.stop()


def test_default_connection_limit_follows_the_descriptor_limit():
    # With 64 descriptors the default limit is 32 connections: the 33rd is told so, not ignored.
    server = Server(["--in-memory", "--port", "0"], preexec_fn=low_descriptor_limit(64))
    try:
        assert "at most 32 connections" in "\n".join(server.output)
        idle = open_idle(server.endpoint, 32)
        time.sleep(0.2)
        status, _ = exchange(server.endpoint)
        assert status == 503
        for s in idle:
            s.close()
        assert eventually_ok(server.endpoint)[0] == 200
        client = make_client(server.endpoint)
        assert client.list_tables()["TableNames"] == []
    finally:
        server.stop()


def test_request_bodies_held_at_once_are_bounded():
    """Bodies being read count against --max-buffered-request-mb: while a stalled sender holds
    most of it, a request that would not fit is answered 503 before its body is sent, a small
    one still fits, and once the stalled body is in, the large one goes through."""
    server = Server(["--in-memory", "--port", "0", "--max-buffered-request-mb", "1"])
    try:
        stalled = socket.create_connection(host_port(server.endpoint), timeout=5)
        stalled.sendall(b"POST / HTTP/1.1\r\nHost: stator\r\nContent-Type: application/x-amz-json-1.0"
                        b"\r\nContent-Length: 700000\r\n\r\n" + b" " * 1000)
        time.sleep(0.2)
        big = (b"POST / HTTP/1.1\r\nHost: stator\r\nContent-Type: application/x-amz-json-1.0\r\n"
               b"Content-Length: 500000\r\n\r\n")
        status, body = exchange(server.endpoint, big)
        assert status == 503, body
        assert json.loads(body)["__type"] == "com.amazonaws.dynamodb.v20120810#ServiceUnavailable"
        assert exchange(server.endpoint)[0] == 200  # a request without a body still fits
        stalled.sendall(b" " * 699000)  # the body is whole: answered, and its bytes go back
        stalled.recv(65536)
        stalled.close()
        status, _ = exchange(server.endpoint, big + b" " * 500000)
        assert status != 503
    finally:
        server.stop()


def test_a_restart_on_the_same_port_binds_while_old_connections_linger(tmp_path):
    """Connections the server closed first stay in TIME_WAIT on its port for a minute, and a
    client may still hold one open when the process stops; the next server on that port must
    bind at once (SO_REUSEADDR), as an operator restarting it expects."""
    port = free_port()
    args = ["--data-dir", str(tmp_path / "data"), "--port", str(port)]
    first = Server(args)
    lingering = None
    try:
        closing = HEALTH_CHECK.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
        for _ in range(20):
            assert exchange(first.endpoint, closing)[0] == 200  # the server hangs up first
        lingering = socket.create_connection(host_port(first.endpoint), timeout=5)
        lingering.sendall(HEALTH_CHECK)
        lingering.recv(65536)
    finally:
        first.stop()
    second = Server(args)
    try:
        assert second.endpoint.endswith(f":{port}")
        assert eventually_ok(second.endpoint)[0] == 200
    finally:
        if lingering:
            lingering.close()
        second.stop()
