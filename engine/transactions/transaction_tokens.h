// TransactionTokens: the ClientRequestToken memory of TransactWriteItems. A token names one
// request for 10 minutes after that request committed: the same request again returns the
// first result without applying anything; a different request with the token is an
// IdempotentParameterMismatchException; the same token while its first request still runs is a
// TransactionInProgressException. A cancelled or failed request forgets its token, so that a
// retry runs again, as the service does.
//
// Requests are compared by a fingerprint (Fingerprint): a canonical encoding of everything in
// the request but ReturnConsumedCapacity and ReturnItemCollectionMetrics, which the service
// lets differ between retries.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

class TransactionTokens {
 public:
  static constexpr int64_t kLifetimeMicros = 10LL * 60 * 1000 * 1000;

  enum class Start { kRun, kReplay };

  // Claims `token` for a request with `fingerprint`. kRun: run the request, then call Finish.
  // kReplay: *replay holds the committed result to return. Errors:
  // IdempotentParameterMismatchException, TransactionInProgressException.
  Result<Start> Begin(const std::string& token, const std::string& fingerprint, int64_t now_micros,
                      TransactWriteItemsResponse* replay);
  // Records the outcome of a request that Begin let run. A failed one forgets the token.
  void Finish(const std::string& token, bool committed, const TransactWriteItemsResponse& response,
              int64_t now_micros);

  // The canonical encoding of a request that a replay must match.
  static std::string Fingerprint(const TransactWriteItemsRequest& r);

 private:
  struct Entry {
    std::string fingerprint;
    bool done = false;
    int64_t expires_micros = 0;  // set when done
    TransactWriteItemsResponse response;
  };
  void ExpireLocked(int64_t now_micros);

  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mu_
  int64_t next_sweep_micros_ = 0;                       // guarded by mu_
};

}  // namespace stator::engine
