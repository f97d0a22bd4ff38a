// libFuzzer target for the stored item record (engine/model/item_codec.h): decoding any bytes,
// as a corrupt or truncated record would give, must fail cleanly or give an item, never crash,
// hang or read out of bounds; and an item, once decoded, must survive encode then decode
// unchanged, with an encoding that is a fixed point (encoding it again gives the same bytes).
// Every item the encoder can write is reachable this way, since decoding is its inverse.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/model/item_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using stator::Item;
  Item item;
  if (!stator::DecodeItem({reinterpret_cast<const char*>(data), size}, &item)) return 0;
  const std::string encoded = stator::EncodeItem(item);
  Item again;
  if (!stator::DecodeItem(encoded, &again)) __builtin_trap();   // its own output refused
  if (!(again == item)) __builtin_trap();                       // not the item written
  if (stator::EncodeItem(again) != encoded) __builtin_trap();  // encoding not deterministic
  return 0;
}
