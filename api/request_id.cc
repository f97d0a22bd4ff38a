// Each thread draws a random 40-character prefix once, and each id ends in 12 base-36 characters
// of 64 fresh random bits: the service's ids are unpredictable, so one id tells nothing of the
// next (a counter would, and a client could guess another caller's ids). The bits come from
// OpenSSL's CSPRNG, a buffer of them at a time, so an id costs a few dozen instructions.
#include "api/request_id.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdint>
#include <random>

namespace stator::api {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr size_t kSuffixDigits = 12;  // 36^12 > 4.7e18: collisions within a thread after ~2^31
constexpr size_t kPrefixLength = kRequestIdLength - kSuffixDigits;
constexpr size_t kBufferedDraws = 256;

class Generator {
 public:
  Generator() {
    std::random_device device;
    std::uniform_int_distribution<int> letter(0, 35);
    for (char& c : prefix_) c = kAlphabet[letter(device)];
    fallback_.seed((static_cast<uint64_t>(device()) << 32) | device());
  }
  const char* prefix() const { return prefix_; }

  uint64_t Next() {
    if (used_ == kBufferedDraws) Refill();
    return draws_[used_++];
  }

 private:
  void Refill() {
    used_ = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(draws_), sizeof draws_) == 1) return;
    for (uint64_t& d : draws_) d = fallback_();  // the CSPRNG failed: still fresh, if guessable
  }

  char prefix_[kPrefixLength];
  uint64_t draws_[kBufferedDraws];
  size_t used_ = kBufferedDraws;
  std::mt19937_64 fallback_;
};

}  // namespace

RequestId MakeRequestId() {
  thread_local Generator gen;
  RequestId id;
  std::copy(gen.prefix(), gen.prefix() + kPrefixLength, id.chars_.begin());
  uint64_t n = gen.Next();
  for (size_t i = kRequestIdLength; i > kPrefixLength; --i) {
    id.chars_[i - 1] = kAlphabet[n % 36];
    n /= 36;
  }
  return id;
}

}  // namespace stator::api
