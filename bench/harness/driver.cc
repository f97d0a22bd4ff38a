// MakeDriver: the one place that knows both drivers.
#include "bench/harness/driver.h"

#include "bench/harness/embedded_driver.h"
#include "bench/harness/http_driver.h"

namespace stator::bench {

Result<std::unique_ptr<Driver>> MakeDriver(const RunConfig& config) {
  if (!config.embedded_dir.empty()) return EmbeddedDriver::Open(config);
  auto endpoint = ParseEndpoint(config.endpoint);
  if (!endpoint.ok()) return endpoint.status();
  return std::unique_ptr<Driver>(new HttpDriver(config, std::move(endpoint).value()));
}

}  // namespace stator::bench
