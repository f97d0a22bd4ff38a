// Validation of items and keys as they enter through a request, worded as the service words it.
// Validation also normalises numbers (N and NS members) to their canonical text, so that every
// stored and compared number is canonical.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/model/key_schema.h"
#include "stator/attribute_value.h"
#include "stator/status.h"

namespace stator {

// Service limits and the messages tests compare against.
constexpr int64_t kMaxItemSizeBytes = 400 * 1024;
constexpr size_t kMaxPartitionKeyBytes = 2048;
constexpr size_t kMaxSortKeyBytes = 1024;
constexpr int kMaxNestingDepth = 32;
inline constexpr std::string_view kItemTooLarge = "Item size has exceeded the maximum allowed size";
inline constexpr std::string_view kKeyDoesNotMatchSchema =
    "The provided key element does not match the schema";
inline constexpr std::string_view kHashKeyTooLarge =
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
    "limit of2048 bytes";
inline constexpr std::string_view kRangeKeyTooLarge =
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
    "the size limit of 1024 bytes";
// An attribute name, at any depth, is at most 65,535 bytes; the service words it so, "less than
// 65536" (measured against the service, ExtendDB/extenddb#365).
constexpr size_t kMaxAttributeNameBytes = 65535;
inline constexpr std::string_view kAttributeNameTooLarge =
    "1 validation error detected: Attribute name is too large, must be less than 65536 bytes";
inline constexpr std::string_view kNestingTooDeep =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";

// kAttributeNameTooLarge when `name` is longer than kMaxAttributeNameBytes, else OK.
Status CheckAttributeName(std::string_view name);

// Validates a value (set rules, numbers, nesting, the names of nested maps) and normalises its
// numbers in place.
Status NormalizeValue(AttributeValue* value, int depth = 0);

// Validates and normalises every attribute of an item.
Status NormalizeItem(Item* item);

// The nesting limit alone, for an item built by an update from values each within it (an
// update can nest a valid value inside another).
Status CheckNesting(const Item& item);

// Validates an item without copying it. Only when some number is not in canonical text does it
// fill *normalized with a normalised copy; use `normalized ? *normalized : item` afterwards.
Status ValidateItem(const Item& item, std::optional<Item>* normalized);

// The item's size as the service computes it for the 400 KB limit and capacity units.
int64_t ItemSize(const Item& item);
int64_t AttributeSize(std::string_view name, const AttributeValue& value);

// The primary key of a PutItem item: both key attributes present, of the schema's types, not
// empty, within the size limits. Sets *partition and *sort (null without a sort key) to point
// into item.
Status CheckItemKey(const KeySchema& schema, const Item& item, const AttributeValue** partition,
                    const AttributeValue** sort);

// A Key parameter (GetItem, DeleteItem, UpdateItem): exactly the key attributes, of the right
// types, not empty, within the size limits.
Status CheckKey(const KeySchema& schema, const Item& key, const AttributeValue** partition,
                const AttributeValue** sort);

// Whether the attribute is part of the table's primary key.
bool IsKeyAttribute(const KeySchema& schema, std::string_view name);

// The primary-key attributes of a stored (validated) item.
Item PrimaryKeyOf(const KeySchema& schema, const Item& item);

}  // namespace stator
