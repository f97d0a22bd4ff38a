// The service's rules for the tags TagResource sets: at least one; keys of 1 to 128 characters
// and values of up to 256, counted in characters (UTF-16 units, as the service's Java counts),
// not bytes; keys and values made of Unicode letters, numbers and white space and the characters
// _ . : / = + - @ (API reference, TagResource and "Tagging restrictions"); no key prefixed
// "aws:"; each key once.
//
// Thread safety: pure function.
#pragma once

#include <vector>

#include "stator/status.h"
#include "stator/table_types.h"

namespace stator::engine {

// OK, or the ValidationException of the first rule the tags break, in the order above.
Status CheckTags(const std::vector<Tag>& tags);

// The rules above but the first, for CreateTable's Tags, which may be empty: each key and value,
// the reserved prefix, each key once.
Status CheckEachTag(const std::vector<Tag>& tags);

}  // namespace stator::engine
