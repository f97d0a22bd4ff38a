#include "api/crc32.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace stator::api {

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(bytes.data());
  size_t left = bytes.size();
  // zlib takes a uInt length; feed bodies larger than 4 GB in pieces.
  while (left > 0) {
    const uInt n = static_cast<uInt>(std::min<size_t>(left, UINT_MAX));
    crc = crc32(crc, p, n);
    p += n;
    left -= n;
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace stator::api
