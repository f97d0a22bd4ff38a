// ThroughputQuotas enforcement: the service's limits on how a table's throughput may be set,
// checked by CreateTable and UpdateTable when throughput enforcement is on (Options::throttling,
// whose quotas are Options::quotas; DescribeLimits reports them either way):
//  - a table's and each GSI's provisioned units, and an on-demand table's maximum, at most the
//    table maximum (LimitExceededException);
//  - provisioned decreases: 4 in a UTC day, then one more 3600 seconds after the last
//    (LimitExceededException naming the next time one can be made); the count starts again at
//    00:00 UTC;
//  - switches from provisioned to on-demand: 4 in any 24 hours (Developer Guide, "Considerations
//    when switching capacity modes in DynamoDB").
// The texts are the service's, as recorded against the live service; where only an older rule's
// text is on record (the switch budget), its wording is kept with the current rule's figures.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stator/status.h"
#include "stator/table_types.h"

namespace stator::engine {

inline constexpr int64_t kFreeDecreasesPerDay = 4;
inline constexpr int64_t kDecreaseSpacingMicros = int64_t{3600} * 1'000'000;
inline constexpr size_t kOnDemandSwitchesPerDay = 4;
inline constexpr int64_t kDayMicros = int64_t{86400} * 1'000'000;

// A time as the service's capacity messages print it, e.g. "Thursday, October 8, 2026 at
// 11:20:48 PM Coordinated Universal Time".
std::string ServiceDateTime(int64_t micros);

// LimitExceededException when provisioned units exceed the table maximum; `index` names a GSI,
// or is empty for the table.
Status CheckTableMaximum(const ProvisionedThroughput& throughput, const ThroughputQuotas& quotas,
                         std::string_view region, std::string_view index);

// The description's decrease count as of `now`: zero once a new UTC day has begun since the last
// decrease.
void StartDecreaseDay(ProvisionedThroughputDescription& pt, int64_t now_micros);

// LimitExceededException when a decrease now would exceed the day's budget. Expects the count
// started for today (StartDecreaseDay).
Status CheckDecreaseBudget(const ProvisionedThroughputDescription& pt, int64_t now_micros);

// LimitExceededException when the table switched to on-demand 4 times in the 24 hours before
// `now`; `switches` are the times of its switches, oldest first.
Status CheckOnDemandSwitchBudget(const std::vector<int64_t>& switches, int64_t now_micros);
// Records a switch at `now`, forgetting those older than 24 hours.
void RecordOnDemandSwitch(std::vector<int64_t>& switches, int64_t now_micros);

// Checks OnDemandThroughput for a table with billing mode `mode`, or for its GSI `index` (empty:
// the table's own). `creating`: CreateTable or a GSI's Create, where -1 is not accepted; in an
// update -1 removes a maximum. With `quotas` (enforcement on), the maximums are held to the table
// maximum, a GSI's as its table's.
Status CheckOnDemandThroughput(const OnDemandThroughput& wanted, BillingMode mode, bool creating,
                               const ThroughputQuotas* quotas, std::string_view region,
                               std::string_view index = {});

// Sets `pt` to `want`, counting a decrease (both dimensions in one call count once) and stamping
// increases and decreases at `now`.
void ApplyProvisionedChange(const ProvisionedThroughput& want, int64_t now_micros,
                            ProvisionedThroughputDescription& pt);

// `current` with the members of `wanted` applied, a -1 removing one; nullopt when none is left.
std::optional<OnDemandThroughput> MergeOnDemandThroughput(
    const std::optional<OnDemandThroughput>& current, const OnDemandThroughput& wanted);

}  // namespace stator::engine
