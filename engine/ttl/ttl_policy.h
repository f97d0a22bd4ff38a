// Which items time to live expires, as the service documents it: an item whose TTL attribute is
// a Number of seconds since the Unix epoch at or before now. An item without the attribute, with
// a value of another type (a String of digits included), or with a time more than five years
// before now is never expired: such values are taken for something other than an expiry time.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "stator/attribute_value.h"

namespace stator::engine {

// How far in the past an expiry time may lie and still count: five years of 365 days.
inline constexpr int64_t kTtlMaxAgeSeconds = 5LL * 365 * 24 * 3600;

// Whether `item` has expired at `now_micros` on the database's clock, by its attribute
// `attribute`.
bool IsExpired(const Item& item, std::string_view attribute, int64_t now_micros);

}  // namespace stator::engine
