// An in-memory database with throughput enforcement on (Options::throttling), as the server's
// `--throttling on` serves, on a clock the test moves.
#pragma once

#include <memory>

#include "tests/engine/database_test_util.h"

namespace stator::testing {

inline std::unique_ptr<Database> OpenThrottled(std::shared_ptr<Clock> clock) {
  Options options;
  options.in_memory = true;
  options.clock = std::move(clock);
  options.throttling = true;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(db).value();
}

}  // namespace stator::testing
