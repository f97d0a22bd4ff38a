"""Server robustness: garbage on the wire gets a 4xx reply (never a hang or a crash), and the
server keeps answering afterwards."""

import os
import random
import socket

import pytest

from conformance_util import host_port, signed_request


def exchange(endpoint, payload, timeout=10):
    """Sends raw bytes, returns the status code of the reply (None if the server just closed)."""
    with socket.create_connection(host_port(endpoint), timeout=timeout) as sock:
        sock.sendall(payload)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        reply = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            reply += chunk
    if not reply:
        return None
    status_line = reply.split(b"\r\n", 1)[0].split()
    assert status_line[0].startswith(b"HTTP/1."), reply[:200]
    return int(status_line[1])


def healthy(endpoint):
    response = signed_request(endpoint, "ListTables", {})
    return response.status == 200


def request(headers, body=b""):
    return b"\r\n".join([b"POST / HTTP/1.1", b"Host: localhost"] + headers + [b"", b""]) + body


TRUNCATED = b'{"TableName": "t", "Item": {"id": {"S": '
RANDOM = random.Random(20240601)
GARBAGE = {
    "random-bytes": bytes(RANDOM.getrandbits(8) for _ in range(4096)),
    "not-http": b"HELLO THERE\r\n\r\n",
    "truncated-json": request([b"Content-Type: application/x-amz-json-1.0",
                               b"X-Amz-Target: DynamoDB_20120810.PutItem",
                               b"Authorization: AWS4-HMAC-SHA256 Credential=a/20240101/us-east-1/"
                               b"dynamodb/aws4_request, SignedHeaders=host, Signature=00",
                               b"Content-Length: %d" % len(TRUNCATED)], TRUNCATED),
    "huge-content-length": request([b"Content-Type: application/x-amz-json-1.0",
                                    b"X-Amz-Target: DynamoDB_20120810.ListTables",
                                    b"Content-Length: 99999999999999"], b"{}"),
    "bad-content-length": request([b"Content-Length: banana"], b"{}"),
    "huge-header": request([b"X-Junk: " + b"a" * 200000], b""),
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_gets_4xx_and_server_survives(endpoint, name):
    status = exchange(endpoint, GARBAGE[name])
    assert status is not None, "connection closed without a reply"
    assert 400 <= status < 500, status
    assert healthy(endpoint)


def test_many_abrupt_disconnects(endpoint):
    for _ in range(50):
        with socket.create_connection(host_port(endpoint), timeout=5) as sock:
            sock.sendall(request([b"Content-Length: 1000"], os.urandom(10)))
    assert healthy(endpoint)
