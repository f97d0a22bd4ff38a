// Round trips of the client codecs against the server's, the cheapest strong test of both
// halves: a request the client encodes, decoded by the server and encoded again, must give the
// same JSON; an answer the server encodes, decoded by the client and encoded again, too.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "api/json_reader.h"
#include "tests/api/test_util.h"

namespace stator::api::testing {

// encode(request) decoded by server_decode into a fresh Request re-encodes to the same JSON.
template <class Request, class Encode, class Decode>
void ExpectRequestRoundTrip(const Request& request, Encode encode, Decode server_decode) {
  const std::string json = encode(request);
  Request decoded;
  Status st = server_decode(ParseObject(json), &decoded);
  ASSERT_TRUE(st.ok()) << st.message() << "\n" << json;
  EXPECT_EQ(encode(decoded), json);
}

// server_encode(response) read by client_decode re-encodes to the same JSON.
template <class Response, class Encode, class Decode>
void ExpectResponseRoundTrip(const Response& response, Encode server_encode, Decode client_decode) {
  const std::string json = server_encode(response);
  Response decoded;
  Status st = client_decode(json, &decoded);
  ASSERT_TRUE(st.ok()) << st.message() << "\n" << json;
  EXPECT_EQ(server_encode(decoded), json);
}

inline AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
inline AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

}  // namespace stator::api::testing
