// TransactionTokens: the ClientRequestToken memory of TransactWriteItems. A token names one
// request for 10 minutes after that request committed: the same request again returns the
// first result without applying anything; a different request with the token is an
// IdempotentParameterMismatchException; the same token while its first request still runs is a
// TransactionInProgressException. A cancelled or failed request forgets its token, so that a
// retry runs again, as the service does.
//
// Requests are compared by a fingerprint (Fingerprint): a digest of a canonical encoding of
// everything in the request but ReturnConsumedCapacity and ReturnItemCollectionMetrics, which
// the service lets differ between retries.
//
// A committed token is also persisted, in the transaction's own WriteBatch (Record), so that a
// retry after a restart (when an SDK retries) is answered as a replay, not applied twice. Load
// reads back the tokens still in their window; expired ones are deleted as they are swept. A
// replay of a token loaded from storage returns an empty response (no consumed capacity).
//
// Meta key space: "k" tenant '\0' token -> fingerprint digest(16) expires_micros(8 BE).
//
// Thread safety: safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "engine/storage/storage.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

class TransactionTokens {
 public:
  static constexpr int64_t kLifetimeMicros = 10LL * 60 * 1000 * 1000;

  enum class Start { kRun, kReplay };

  // Reads back the persisted tokens still valid at `now_micros`; later sweeps delete expired
  // records from `storage`, which must outlive this.
  Status Load(Storage& storage, int64_t now_micros);

  // The record a committed transaction with `token` writes in its batch.
  struct Record {
    std::string key;
    std::string value;
  };
  static Record RecordOf(const std::string& token, const std::string& fingerprint,
                         int64_t now_micros);

  // Claims `token` for a request with `fingerprint`. kRun: run the request, then call Finish.
  // kReplay: *replay holds the committed result to return. Errors:
  // IdempotentParameterMismatchException, TransactionInProgressException.
  Result<Start> Begin(const std::string& token, const std::string& fingerprint, int64_t now_micros,
                      TransactWriteItemsResponse* replay);
  // Records the outcome of a request that Begin let run. A failed one forgets the token.
  void Finish(const std::string& token, bool committed, const TransactWriteItemsResponse& response,
              int64_t now_micros);

  // The digest of a request's canonical encoding, which a replay must match.
  static std::string Fingerprint(const TransactWriteItemsRequest& r);

 private:
  struct Entry {
    std::string fingerprint;
    bool done = false;
    int64_t expires_micros = 0;  // set when done
    TransactWriteItemsResponse response;
  };
  void ExpireLocked(int64_t now_micros);

  Storage* storage_ = nullptr;  // set by Load
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mu_
  int64_t next_sweep_micros_ = 0;                       // guarded by mu_
};

}  // namespace stator::engine
