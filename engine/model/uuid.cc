#include "engine/model/uuid.h"

#include <cstdint>
#include <cstdio>
#include <random>

namespace stator {

std::string NewUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const uint64_t a = rng(), b = rng();
  char buf[37];
  snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", uint32_t(a >> 32),
           uint32_t(a >> 16) & 0xffff, uint32_t(a) & 0xfff, uint32_t((b >> 48) & 0x3fff) | 0x8000,
           static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

}  // namespace stator
