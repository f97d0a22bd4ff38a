#include "engine/ttl/ttl_policy.h"

#include <charconv>

namespace stator::engine {

bool IsExpired(const Item& item, std::string_view attribute, int64_t now_micros) {
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type() != AttributeType::kN) return false;
  const std::string& text = it->second.s();
  // A double is exact enough here: epoch seconds need 10 digits, and a fraction or an exponent
  // far out of range only has to land on the right side of the two bounds.
  double seconds = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (parsed.ec != std::errc()) return false;
  const double now = static_cast<double>(now_micros) / 1e6;
  return seconds <= now && seconds >= now - static_cast<double>(kTtlMaxAgeSeconds);
}

}  // namespace stator::engine
