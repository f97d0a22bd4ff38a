// ExecuteStatement's NextToken: where a SELECT's next page starts (the partition key value's
// position, for a read of several, and the last evaluated key), bound to the statement it came
// from. Opaque to clients: base64 of
//   "1|" <statement fingerprint, hex> "|" <position> "|" <key>
// where <key> is the last evaluated key's attributes, each
//   <name length>:<name><type: S N B><value length>:<value>
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stator/attribute_value.h"
#include "stator/status.h"

namespace stator::partiql {

struct PagePosition {
  size_t position = 0;                  // which partition key value (0 for a Scan)
  std::optional<Item> exclusive_start;  // none: start that value's Query at its beginning
};

// A fingerprint of the statement text and parameters a token belongs to.
uint64_t StatementFingerprint(std::string_view statement,
                              const std::vector<AttributeValue>& parameters);

std::string EncodeNextToken(uint64_t fingerprint, const PagePosition& p);

// Errors: ValidationException "Invalid NextToken" for what EncodeNextToken did not make, and
// "The provided starting key is invalid" for a token of another statement.
Result<PagePosition> DecodeNextToken(std::string_view token, uint64_t fingerprint);

}  // namespace stator::partiql
