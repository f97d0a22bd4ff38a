#include "api/dispatcher.h"

#include "api/errors.h"

namespace stator::api {

// Placeholder until the codec lands: every operation is unknown.
ApiResponse Dispatcher::Handle(const RequestContext&, std::string_view, std::string_view) const {
  return {400, ErrorBody(ErrorCode::kUnknownOperation, "")};
}

}  // namespace stator::api
