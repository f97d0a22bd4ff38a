// Crc32: the checksum DynamoDB sends in the x-amz-crc32 response header (zlib's CRC-32, IEEE
// polynomial), as the SDKs recompute it over the response bytes on the wire.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string_view>

namespace stator::api {

uint32_t Crc32(std::string_view bytes);

}  // namespace stator::api
