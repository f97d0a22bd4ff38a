#include "api/json_writer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace stator::api
