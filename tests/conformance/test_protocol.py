"""HTTP protocol behaviour: error shapes, authentication, headers, checksums, compression."""

import gzip
import json
import zlib

import pytest

from conformance_util import connection, expect_raw_error, host_port, signed_request


def test_unknown_operation(endpoint):
    response = signed_request(endpoint, "NoSuchOperation", {})
    assert response.status == 400
    assert response.error_code == "UnknownOperationException"


def test_malformed_json(endpoint):
    response = signed_request(endpoint, "ListTables", None, body=b'{"Limit": ')
    assert response.status == 400
    assert response.error_code == "SerializationException"


def test_wrong_json_type_is_serialization_error(endpoint):
    response = signed_request(endpoint, "ListTables", {"Limit": "ten"})
    assert response.status == 400
    assert response.error_code == "SerializationException"


def test_missing_authorization(endpoint):
    response = signed_request(endpoint, "ListTables", {}, sign=False)
    expect_raw_error(response, "MissingAuthenticationTokenException",
                     "Request is missing Authentication Token")


def test_request_id_and_crc32_on_success(endpoint):
    response = signed_request(endpoint, "ListTables", {})
    assert response.status == 200
    assert response.headers.get("x-amzn-requestid")
    assert response.headers["content-type"].startswith("application/x-amz-json-1.0")
    assert int(response.headers["x-amz-crc32"]) == zlib.crc32(response.body)


def test_request_id_and_crc32_on_error(endpoint):
    response = signed_request(endpoint, "DescribeTable", {"TableName": "no_such_table_xyz"})
    assert response.status == 400
    assert response.error_code == "ResourceNotFoundException"
    assert response.headers.get("x-amzn-requestid")
    assert int(response.headers["x-amz-crc32"]) == zlib.crc32(response.body)


def test_request_ids_are_unique(endpoint):
    ids = {signed_request(endpoint, "ListTables", {}).headers["x-amzn-requestid"]
           for _ in range(5)}
    assert len(ids) == 5


def test_health_check(endpoint):
    conn = connection(endpoint)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
    finally:
        conn.close()


def health_line(endpoint, headers):
    conn = connection(endpoint)
    try:
        conn.request("GET", "/", headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_health_check_names_the_host_the_client_used(endpoint):
    """The service answers `healthy: <its endpoint> ` (dynamodb.<region>.amazonaws.com for a
    client of that endpoint): the address in the request's Host header."""
    assert health_line(endpoint, {"Host": "db.example.test:4567"}) == (
        200, "healthy: db.example.test:4567 ")
    host, port = host_port(endpoint)
    assert health_line(endpoint, {}) == (200, f"healthy: {host}:{port} ")


@pytest.mark.parametrize("content_type", ["application/x-amz-json-1.0", "application/json"])
def test_response_content_type_echoes_the_requests(endpoint, content_type):
    for operation, payload in (("ListTables", {}), ("DescribeTable", {"TableName": "no_such_t"})):
        response = signed_request(endpoint, operation, payload,
                                  extra_headers={"Content-Type": content_type})
        assert response.headers["content-type"] == content_type, (operation, response.headers)


def test_describe_endpoints_names_the_host_the_client_used(endpoint):
    response = signed_request(endpoint, "DescribeEndpoints", {},
                              extra_headers={"Host": "db.example.test:4567"})
    assert response.status == 200, response.body
    assert response.json() == {
        "Endpoints": [{"Address": "db.example.test:4567", "CachePeriodInMinutes": 1440}]}


def test_gzip_request_body(endpoint):
    body = gzip.compress(json.dumps({"Limit": 5}).encode())
    response = signed_request(endpoint, "ListTables", None, body=body,
                              extra_headers={"Content-Encoding": "gzip"})
    assert response.status == 200, response.body
    assert "TableNames" in response.json()


@pytest.mark.parametrize("encoding, body", [
    ("gzip", b"\x1f\x8b\x08\x00 this is not a gzip stream"),
    ("gzip", gzip.compress(b'{"Limit": 5}')[:-6]),  # cut short
    ("deflate", b"not deflate at all"),
    ("br", b'{"Limit": 5}'),
])
def test_undecodable_body_is_the_clients_error(endpoint, encoding, body):
    """A body that cannot be decoded is answered as an unparsable one is, a SerializationException
    (400, not retried), never a retryable 500."""
    response = signed_request(endpoint, "ListTables", None, body=body,
                              extra_headers={"Content-Encoding": encoding})
    assert response.status == 400, response.body
    assert response.json()["__type"] == "com.amazon.coral.service#SerializationException"


def test_keep_alive_serves_several_requests(endpoint):
    conn = connection(endpoint)
    try:
        for _ in range(3):
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
    finally:
        conn.close()
