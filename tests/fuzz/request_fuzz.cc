// libFuzzer target: any request the HTTP handler could pass on, taken as an X-Amz-Target (the
// first line) and a body (the rest), must end in a typed request handed to the database or in
// one of the service's errors, never a crash, a hang or a sanitizer report. It runs the
// dispatcher the server runs (target resolution, JSON parsing, the operation's decoder, shape
// checks) on a database that refuses every call, so what is fuzzed is the decoding of every
// operation's request and nothing of the storage behind it. The checked-in corpus holds one
// valid request of each operation, which is how the fuzzer learns the names.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/dispatcher.h"
#include "tests/api/fake_database.h"

namespace {

using namespace stator;       // NOLINT: a fuzz driver
using namespace stator::api;  // NOLINT

const Dispatcher& SharedDispatcher() {
  static auto* db = new testing::FakeDatabase();
  static const auto* dispatcher = new Dispatcher(*db);
  return *dispatcher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const Target target = Dispatcher::Resolve(input.substr(0, newline));
  if (target.api == nullptr) return 0;  // the HTTP handler answers these before dispatching
  const RequestContext ctx{"fuzz-request", CallOptions{}, {}};
  const ApiResponse response = SharedDispatcher().Handle(ctx, target, input.substr(newline + 1));
  if (response.http_status != 200 && response.body.empty()) __builtin_trap();  // no error body
  return 0;
}
