#include "stator/database.h"

namespace stator {
Result<std::unique_ptr<Database>> Database::Open(const Options&) {
  return Status::IOError("engine not built yet");
}
}  // namespace stator
