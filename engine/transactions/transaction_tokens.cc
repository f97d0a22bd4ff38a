#include "engine/transactions/transaction_tokens.h"

#include <xxhash.h>

#include <variant>
#include <vector>

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"

namespace stator::engine {
namespace {

constexpr std::string_view kParameterMismatch =
    "Request has a different parameter set than the original request with the same "
    "ClientRequestToken";
constexpr std::string_view kInProgress = "Transaction from previous request is still in progress";
constexpr std::string_view kRecordPrefix = "k";
constexpr size_t kDigestBytes = 16;

std::string Digest(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  std::string out;
  PutFixed64BE(&out, h.high64);
  PutFixed64BE(&out, h.low64);
  return out;
}

uint64_t Fixed64At(std::string_view v, size_t at) {
  return (uint64_t{DecodeFixed32BE(v.data() + at)} << 32) | DecodeFixed32BE(v.data() + at + 4);
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

void PutOptString(std::string* out, const std::optional<std::string>& s) {
  out->push_back(s ? '1' : '0');
  if (s) PutString(out, *s);
}

void PutConditions(std::string* out, const WriteConditions& w) {
  PutOptString(out, w.condition_expression);
  PutVarint(out, w.expression_attribute_names.size());
  for (const auto& [k, v] : w.expression_attribute_names) {
    PutString(out, k);
    PutString(out, v);
  }
  EncodeItem(w.expression_attribute_values, out);
  out->push_back(w.return_old_item_on_condition_check_failure ? '1' : '0');
}

}  // namespace

std::string TransactionTokens::Fingerprint(const TransactWriteItemsRequest& r) {
  std::string out;
  for (const TransactWriteItem& action : r.transact_items) {
    PutVarint(&out, action.index());
    std::visit(
        [&](const auto& a) {
          PutString(&out, a.table_name);
          PutConditions(&out, a);
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, PutItemRequest>) {
            EncodeItem(a.item, &out);
          } else {
            EncodeItem(a.key, &out);
          }
          if constexpr (std::is_same_v<T, UpdateItemRequest>) {
            PutOptString(&out, a.update_expression);
          }
        },
        action);
  }
  return Digest(out);
}

TransactionTokens::Record TransactionTokens::RecordOf(const std::string& token,
                                                      const std::string& fingerprint,
                                                      int64_t now_micros) {
  Record r{std::string(kRecordPrefix) + token, fingerprint};
  PutFixed64BE(&r.value, static_cast<uint64_t>(now_micros + kLifetimeMicros));
  return r;
}

Status TransactionTokens::Load(Storage& storage, int64_t now_micros) {
  std::vector<std::string> expired;
  std::lock_guard lock(mu_);
  storage_ = &storage;
  STATOR_RETURN_IF_ERROR(storage.ForEachWithPrefix(
      Space::kMeta, kRecordPrefix, [&](std::string_view key, std::string_view value) {
        if (value.size() != kDigestBytes + 8) return true;  // not ours: left alone
        const auto expires = static_cast<int64_t>(Fixed64At(value, kDigestBytes));
        if (expires <= now_micros) {
          expired.emplace_back(key);
        } else {
          entries_[std::string(key.substr(kRecordPrefix.size()))] =
              Entry{std::string(value.substr(0, kDigestBytes)), true, expires, {}};
        }
        return true;
      }));
  if (expired.empty()) return Status::OK();
  WriteBatch batch(storage);
  for (const std::string& key : expired) batch.Delete(Space::kMeta, key);
  return storage.Write(batch);
}

void TransactionTokens::ExpireLocked(int64_t now_micros) {
  if (now_micros < next_sweep_micros_) return;
  next_sweep_micros_ = now_micros + 1000 * 1000;
  std::vector<std::string> expired;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.done && it->second.expires_micros <= now_micros) {
      expired.push_back(std::string(kRecordPrefix) + it->first);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  if (storage_ == nullptr || expired.empty()) return;
  WriteBatch batch(*storage_);
  for (const std::string& key : expired) batch.Delete(Space::kMeta, key);
  // A record that stays is dropped at the next Load: expired, it is never replayed.
  (void)storage_->Write(batch);
}

Result<TransactionTokens::Start> TransactionTokens::Begin(const std::string& token,
                                                          const std::string& fingerprint,
                                                          int64_t now_micros,
                                                          TransactWriteItemsResponse* replay) {
  std::lock_guard lock(mu_);
  ExpireLocked(now_micros);
  auto it = entries_.find(token);
  if (it != entries_.end() && it->second.done && it->second.expires_micros <= now_micros) {
    entries_.erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    entries_.emplace(token, Entry{fingerprint, false, 0, {}});
    return Start::kRun;
  }
  if (it->second.fingerprint != fingerprint) {
    return Status(ErrorCode::kIdempotentParameterMismatch, std::string(kParameterMismatch));
  }
  if (!it->second.done) {
    return Status(ErrorCode::kTransactionInProgress, std::string(kInProgress));
  }
  *replay = it->second.response;
  return Start::kReplay;
}

void TransactionTokens::Finish(const std::string& token, bool committed,
                               const TransactWriteItemsResponse& response, int64_t now_micros) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return;
  if (!committed) {
    entries_.erase(it);
    return;
  }
  it->second.done = true;
  it->second.expires_micros = now_micros + kLifetimeMicros;
  it->second.response = response;
}

}  // namespace stator::engine
