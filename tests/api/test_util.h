// Helpers shared by the api tests: parsing a JSON text into the DOM the codecs read.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string_view>

#include "api/json_reader.h"

namespace stator::api::testing {

// Parses `json` (an object) with this thread's parser; valid until the next parse.
inline simdjson::dom::object ParseObject(std::string_view json) {
  simdjson::dom::object obj;
  Status st = ParseBody(json, &obj);
  EXPECT_TRUE(st.ok()) << json;
  return obj;
}

}  // namespace stator::api::testing
