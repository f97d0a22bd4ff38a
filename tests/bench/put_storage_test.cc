// The storage floor's PutItem (bench/http_floor/put_storage.h): it writes the item a PutItem body
// names, under the item's first string value, and writes nothing for a body without one.
#include "bench/http_floor/put_storage.h"

#include <gtest/gtest.h>

namespace stator::bench {
namespace {

TEST(PutStorageTest, WritesTheItemOfAPutItemBody) {
  PutStorage storage;
  EXPECT_TRUE(storage.Put(R"({"TableName":"bench","Item":{"id":{"S":"user1"},"f":{"S":"x"}}})"));
  // stator-bench's items: the key attribute is "pk", and the table comes after the item.
  EXPECT_TRUE(storage.Put(R"({"Item":{"pk":{"S":"k0000000001"},"a":{"N":"1"}},"TableName":"t"})"));
}

TEST(PutStorageTest, WritesNothingWithoutAnItemKey) {
  PutStorage storage;
  EXPECT_FALSE(storage.Put(R"({"TableName":"bench"})"));
  EXPECT_FALSE(storage.Put(R"({"TableName":"bench","Item":{"n":{"N":"1"}}})"));
  EXPECT_FALSE(storage.Put(R"({"TableName":"bench","Item":{"id":{"S":"unterminated)"));
}

}  // namespace
}  // namespace stator::bench
