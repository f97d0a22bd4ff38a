// What the tests of the real HTTP server share: a keep-alive connection to it and a DynamoDB
// request as an SDK sends it (signed in form; the server checks signatures only with credentials).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace stator::api::testing {

// A connection to the server on 127.0.0.1:port whose operations fail after 10 s.
inline boost::beast::tcp_stream ConnectToServer(boost::asio::io_context& ioc, uint16_t port) {
  boost::beast::tcp_stream stream(ioc);
  stream.connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  stream.expires_after(std::chrono::seconds(10));
  return stream;
}

// A POST of DynamoDB_20120810.<operation> with `body`.
inline boost::beast::http::request<boost::beast::http::string_body> DynamoDbPost(
    std::string_view operation, std::string body) {
  namespace http = boost::beast::http;
  http::request<http::string_body> req{http::verb::post, "/", 11};
  req.set(http::field::host, "localhost");
  req.set(http::field::content_type, "application/x-amz-json-1.0");
  req.set("X-Amz-Target", "DynamoDB_20120810." + std::string(operation));
  req.set("X-Amz-Date", "20250101T000000Z");
  req.set(http::field::authorization,
          "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, "
          "SignedHeaders=host, Signature=abc");
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

}  // namespace stator::api::testing
