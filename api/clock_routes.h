// The virtual clock's administrative routes, paths outside the DynamoDB API (the Router's),
// served only by a server started with --virtual-clock, so that a test can say "now it is
// tomorrow": TTL expiry, stream trimming and rollover, consumers' record age and every
// timestamp the database writes follow the clock.
//
//   GET  /stator/clock   200 {"epochSeconds":<whole seconds>,"epochMillis":<ms>,
//                             "offsetSeconds":<seconds ahead of the wall clock>}
//   POST /stator/clock   body {"advanceSeconds": N}, N a number >= 0 (fractions allowed): moves
//                        the clock N seconds forward and answers as GET does; a body that is
//                        not such an object answers 400 {"message": ...}.
//
// Thread safety: the handlers may be called concurrently; the clock is thread-safe.
#pragma once

#include <string_view>

#include "api/router.h"
#include "stator/clock.h"

namespace stator::api {

inline constexpr std::string_view kClockPath = "/stator/clock";

// Adds GET and POST kClockPath, on `clock`, which must outlive the router.
void AddClockRoutes(Router& router, MovableClock& clock);

}  // namespace stator::api
