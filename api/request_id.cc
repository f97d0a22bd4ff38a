// Each thread draws a random 40-character prefix once, from the OS, and appends a 12-character
// base-36 counter: ids are unique per thread by construction and across threads and restarts
// with overwhelming probability, and cost a few dozen instructions instead of a PRNG per
// character.
#include "api/request_id.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace stator::api {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr size_t kCounterDigits = 12;  // 36^12 > 4.7e18 requests per thread before it wraps
constexpr size_t kPrefixLength = kRequestIdLength - kCounterDigits;

struct Generator {
  Generator() {
    std::random_device device;
    std::uniform_int_distribution<int> letter(0, 35);
    for (size_t i = 0; i < kPrefixLength; ++i) prefix[i] = kAlphabet[letter(device)];
    // Start the counter at a random point too, so the tail does not read 000000000001.
    counter = (static_cast<uint64_t>(device()) << 32 | device()) % 4738381338321616896ULL;
  }
  char prefix[kPrefixLength];
  uint64_t counter;
};

}  // namespace

RequestId MakeRequestId() {
  thread_local Generator gen;
  RequestId id;
  std::copy(gen.prefix, gen.prefix + kPrefixLength, id.chars_.begin());
  uint64_t n = gen.counter++;
  for (size_t i = kRequestIdLength; i > kPrefixLength; --i) {
    id.chars_[i - 1] = kAlphabet[n % 36];
    n /= 36;
  }
  return id;
}

}  // namespace stator::api
