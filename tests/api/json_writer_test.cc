#include "api/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace stator::api {
namespace {

std::string Doubles(std::initializer_list<double> values) {
  JsonWriter w;
  w.BeginArray();
  for (double v : values) w.Double(v);
  w.EndArray();
  return std::move(w).Take();
}

TEST(JsonWriter, DoublesInPlainNotationWhereTheyFit) {
  // Epoch seconds must not come out as 1.7e+09.
  EXPECT_EQ(Doubles({1700000000, 1700000000.125, 0.5, 0, -2}),
            "[1700000000,1700000000.125,0.5,0,-2]");
  EXPECT_EQ(Doubles({1e20}), "[1e+20]");
}

TEST(JsonWriter, EscapesAndSeparators) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a\"b");
  w.String("x\n\x01");
  w.Key("l");
  w.BeginArray();
  w.Int(-1);
  w.Bool(false);
  w.Null();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a\"b":"x\n\u0001","l":[-1,false,null]})");
}

// The escaping of one string, compared with a byte-at-a-time reference, for strings long enough
// to take the 16-byte scan with the special character at every position.
std::string Escaped(std::string_view s) {
  JsonWriter w;
  w.String(s);
  return std::move(w).Take();
}

std::string ReferenceEscaped(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

TEST(JsonWriter, EscapesSpecialCharactersAtEveryPositionOfLongStrings) {
  for (char special : {'"', '\\', '\n', '\x1f', '\x00'}) {
    for (size_t length : {15, 16, 17, 33, 100}) {
      for (size_t at = 0; at < length; ++at) {
        std::string s(length, 'x');
        s[at] = special;
        EXPECT_EQ(Escaped(s), ReferenceEscaped(s)) << "at " << at << " of " << length;
      }
    }
  }
}

TEST(JsonWriter, PassesUtf8AndDelThrough) {
  const std::string s =
      "caf\xc3\xa9 \x7f \xe2\x82\xac and more than sixteen bytes \xf0\x9f\x98\x80";
  EXPECT_EQ(Escaped(s), "\"" + s + "\"");
}

}  // namespace
}  // namespace stator::api
