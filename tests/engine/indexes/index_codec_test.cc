// The index entry key layout: order within a partition follows the index sort key (with the
// escaping that keeps raw string bytes ordered and prefix-free), then the base table key.
#include "engine/indexes/index_codec.h"

#include <gtest/gtest.h>

#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

IndexDef StringSortedIndex() {
  IndexDef index;
  index.name = "idx";
  index.id = 7;
  index.key.hash = {"g", ScalarType::kS};
  index.key.range = KeyAttribute{"r", ScalarType::kS};
  return index;
}

std::string Entry(const IndexDef& index, const std::string& sort, const std::string& item_pk) {
  const AttributeValue s = AttributeValue::S(sort);
  return EncodeIndexKey(index, AttributeValue::S("p"), &s,
                        EncodeItemKey(1, AttributeValue::S(item_pk), nullptr));
}

TEST(IndexCodecTest, StringSortKeysOrderBeforeTheItemKey) {
  const IndexDef index = StringSortedIndex();
  // "a" < "a\0" < "ab" whatever the item keys that follow them.
  EXPECT_LT(Entry(index, "a", "zzzz"), Entry(index, std::string("a\0", 2), "a"));
  EXPECT_LT(Entry(index, std::string("a\0", 2), "zzzz"), Entry(index, "ab", "a"));
  EXPECT_LT(Entry(index, "a", "x"), Entry(index, "a", "y"));
}

TEST(IndexCodecTest, BeginsWithPrefixIsAByteprefix) {
  const IndexDef index = StringSortedIndex();
  std::string prefix = IndexPartitionPrefix(index, AttributeValue::S("p"));
  AppendIndexSortKey(AttributeValue::S("ab"), false, &prefix);
  EXPECT_EQ(Entry(index, "abc", "q").rfind(prefix, 0), 0u);
  EXPECT_NE(Entry(index, "a", "q").rfind(prefix, 0), 0u);
}

TEST(IndexCodecTest, NumberSortKeysOrderNumerically) {
  IndexDef index = StringSortedIndex();
  index.key.range = KeyAttribute{"r", ScalarType::kN};
  auto entry = [&](const char* n) {
    const AttributeValue s = AttributeValue::N(n);
    return EncodeIndexKey(index, AttributeValue::S("p"), &s, "item");
  };
  EXPECT_LT(entry("-10"), entry("-2.5"));
  EXPECT_LT(entry("-2.5"), entry("0"));
  EXPECT_LT(entry("0"), entry("0.001"));
  EXPECT_LT(entry("3"), entry("10"));
  EXPECT_LT(entry("10"), entry("100"));
}

TEST(IndexCodecTest, SparseAndWrongTypedItemsHaveNoEntry) {
  const IndexDef index = StringSortedIndex();
  EXPECT_TRUE(IndexEntryKey(index, {{"g", AttributeValue::S("p")}}, "k").empty());
  EXPECT_TRUE(
      IndexEntryKey(index, {{"g", AttributeValue::N("1")}, {"r", AttributeValue::S("x")}}, "k")
          .empty());
  EXPECT_FALSE(
      IndexEntryKey(index, {{"g", AttributeValue::S("p")}, {"r", AttributeValue::S("x")}}, "k")
          .empty());
}

TEST(IndexCodecTest, ProjectionKeepsKeysAndIncludedAttributes) {
  IndexDef index = StringSortedIndex();
  index.projection.projection_type = ProjectionType::kInclude;
  index.projection.non_key_attributes = {"a"};
  KeySchema table_key;
  table_key.hash = {"id", ScalarType::kS};
  const Item item{{"id", AttributeValue::S("1")}, {"g", AttributeValue::S("p")},
                  {"r", AttributeValue::S("x")}, {"a", AttributeValue::N("1")},
                  {"b", AttributeValue::N("2")}};
  const Item projected = ProjectForIndex(index, table_key, item);
  EXPECT_EQ(projected.size(), 4u);
  EXPECT_EQ(projected.count("b"), 0u);
  index.projection = Projection{ProjectionType::kKeysOnly, {}};
  EXPECT_EQ(ProjectForIndex(index, table_key, item).size(), 3u);
}

TEST(IndexCodecTest, WrongTypedOrEmptyIndexKeysAreRefusedInTheServicesWords) {
  const std::vector<IndexDef> indexes{StringSortedIndex()};
  auto s = CheckIndexKeys(indexes, {{"g", AttributeValue::N("1")}});
  EXPECT_EQ(s.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S "
            "Actual: N IndexName: idx");
  s = CheckIndexKeys(indexes, {{"r", AttributeValue::S("")}});
  EXPECT_EQ(s.message(),
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: idx, IndexKey: r");
  EXPECT_TRUE(CheckIndexKeys(indexes, {{"other", AttributeValue::N("1")}}).ok());
}

// EntryItemKey walks the layout back to the item key, whatever bytes the sort keys hold.
TEST(IndexCodecTest, EntryItemKeyFindsTheItemKeyAfterEachSortKeyType) {
  const AttributeValue item_sort = AttributeValue::S(std::string("s\0\x01", 3));
  const std::string item_key = EncodeItemKey(3, AttributeValue::S("pk"), &item_sort);
  IndexDef index = StringSortedIndex();
  for (const std::string& sort : {std::string("a"), std::string("\0", 1),
                                  std::string("a\0\x01\0\xff", 5), std::string("\xff\0")}) {
    const AttributeValue s = AttributeValue::S(sort);
    const std::string entry = EncodeIndexKey(index, AttributeValue::S("p"), &s, item_key);
    EXPECT_EQ(EntryItemKey(index, entry), item_key) << "sort key of " << sort.size() << " bytes";
  }
  index.key.range = KeyAttribute{"r", ScalarType::kN};
  for (const char* n : {"0", "-1", "1e100", "-0.000001", "256"}) {
    const AttributeValue s = AttributeValue::N(n);
    EXPECT_EQ(EntryItemKey(index, EncodeIndexKey(index, AttributeValue::S("p"), &s, item_key)),
              item_key)
        << n;
  }
  index.key.range = KeyAttribute{"r", ScalarType::kB};
  const AttributeValue b = AttributeValue::B(std::string("\0\0\x01\0", 4));
  EXPECT_EQ(EntryItemKey(index, EncodeIndexKey(index, AttributeValue::B(std::string("\0", 1)), &b,
                                               item_key)),
            item_key);
}

TEST(IndexCodecTest, EntryItemKeyOfHashOnlyAndMultiAttributeIndexes) {
  const std::string item_key = EncodeItemKey(3, AttributeValue::N("12"), nullptr);
  IndexDef index = StringSortedIndex();
  index.key.range.reset();
  const std::string partition(300, '\0');  // pk_len past one byte, all zero bytes
  EXPECT_EQ(
      EntryItemKey(index, EncodeIndexKey(index, AttributeValue::S(partition), nullptr, item_key)),
      item_key);

  IndexDef multi = StringSortedIndex();
  multi.key.more_hash = {{"g2", ScalarType::kN}};
  multi.key.more_range = {{"r2", ScalarType::kB}, {"r3", ScalarType::kS}};
  const Item item{{"g", AttributeValue::S("p")},
                  {"g2", AttributeValue::N("5")},
                  {"r", AttributeValue::S(std::string("x\0", 2))},
                  {"r2", AttributeValue::B(std::string("\0\x01", 2))},
                  {"r3", AttributeValue::S("\x01")}};
  const std::string entry = IndexEntryKey(multi, item, item_key);
  ASSERT_FALSE(entry.empty());
  EXPECT_EQ(EntryItemKey(multi, entry), item_key);
  // With one RANGE attribute fewer, the walk would stop a component early: the layout is what
  // the definition says it is.
  IndexDef fewer = multi;
  fewer.key.more_range.pop_back();
  EXPECT_NE(EntryItemKey(fewer, entry), item_key);
}

TEST(IndexCodecTest, EntryItemKeyOfAMalformedKeyIsEmpty) {
  const IndexDef index = StringSortedIndex();
  const AttributeValue s = AttributeValue::S("abc");
  const std::string entry = EncodeIndexKey(index, AttributeValue::S("p"), &s, "item");
  EXPECT_EQ(EntryItemKey(index, entry), "item");
  EXPECT_TRUE(EntryItemKey(index, entry.substr(0, entry.size() - 4)).empty());  // no item key
  EXPECT_TRUE(EntryItemKey(index, entry.substr(0, 10)).empty());  // cut inside the header
  std::string bad_escape = entry;
  bad_escape[bad_escape.size() - 5] = '\x02';  // 0x00 0x02: neither escape nor terminator
  EXPECT_TRUE(EntryItemKey(index, bad_escape).empty());
}

}  // namespace
}  // namespace stator::engine
