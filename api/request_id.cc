#include "api/request_id.h"

#include <random>

namespace stator::api {

std::string NewRequestId() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  // Seeded once per thread from the OS so ids differ across threads and restarts.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(kRequestIdLength, '0');
  uint64_t bits = 0;
  int left = 0;
  for (char& c : id) {
    // 6 bits per character from a 64-bit draw; rejection keeps the 36 letters uniform.
    uint64_t v;
    do {
      if (left == 0) {
        bits = rng();
        left = 10;
      }
      v = bits & 63;
      bits >>= 6;
      --left;
    } while (v >= 36);
    c = kAlphabet[v];
  }
  return id;
}

}  // namespace stator::api
