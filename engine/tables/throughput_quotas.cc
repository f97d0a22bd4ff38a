#include "engine/tables/throughput_quotas.h"

#include <algorithm>
#include <ctime>

namespace stator::engine {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

int64_t DayOf(int64_t micros) { return micros / kDayMicros; }

Status LimitExceeded(std::string message) {
  return Status(ErrorCode::kLimitExceeded, std::move(message));
}

Status Invalid(std::string_view what) {
  return Status::Validation("One or more parameter values were invalid: " + std::string(what));
}

// A time as Java's Date prints it, which the older switch-budget message used: "Sat Feb 23
// 03:07:45 UTC 2019".
std::string JavaDateTime(int64_t micros) {
  const std::time_t seconds = micros / kMicrosPerSecond;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[64];
  std::strftime(out, sizeof out, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return out;
}

// The member named in the messages: the read maximum when it is set, as the service names it
// first.
std::string_view FirstMember(const OnDemandThroughput& t) {
  return t.max_read_request_units || !t.max_write_request_units ? "MaxReadRequestUnits"
                                                                 : "MaxWriteRequestUnits";
}

}  // namespace

std::string ServiceDateTime(int64_t micros) {
  static constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};
  const std::time_t seconds = micros / kMicrosPerSecond;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  const int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  char out[128];
  std::snprintf(out, sizeof out, "%s, %s %d, %d at %d:%02d:%02d %s Coordinated Universal Time",
                kDays[tm.tm_wday], kMonths[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, hour12,
                tm.tm_min, tm.tm_sec, tm.tm_hour < 12 ? "AM" : "PM");
  return out;
}

Status CheckTableMaximum(const ProvisionedThroughput& throughput, const ThroughputQuotas& quotas,
                         std::string_view region, std::string_view index) {
  auto check = [&](std::string_view units, int64_t requested, int64_t maximum) {
    if (requested <= maximum) return Status::OK();
    // Recorded for tables: "The requested ReadCapacityUnits, 70000, is above the per table
    // maximum for the account in us-east-1. Per table maximum: 40000." For a GSI only its
    // opening ("... for index gsi1, N, is above the per index maximum ...") is on record; the
    // rest follows the table's.
    const std::string scope = index.empty() ? "table" : "index";
    std::string message = "The requested " + std::string(units);
    if (!index.empty()) message += " for index " + std::string(index);
    message += ", " + std::to_string(requested) + ", is above the per " + scope +
               " maximum for the account in " + std::string(region) + ". Per " + scope +
               " maximum: " + std::to_string(maximum) + ".";
    return LimitExceeded(std::move(message));
  };
  STATOR_RETURN_IF_ERROR(check("ReadCapacityUnits", throughput.read_capacity_units,
                               quotas.table_max_read_capacity_units));
  return check("WriteCapacityUnits", throughput.write_capacity_units,
               quotas.table_max_write_capacity_units);
}

void StartDecreaseDay(ProvisionedThroughputDescription& pt, int64_t now_micros) {
  if (!pt.last_decrease_date_time) return;
  const auto last = static_cast<int64_t>(*pt.last_decrease_date_time * kMicrosPerSecond);
  if (DayOf(last) < DayOf(now_micros)) pt.number_of_decreases_today = 0;
}

Status CheckDecreaseBudget(const ProvisionedThroughputDescription& pt, int64_t now_micros) {
  if (pt.number_of_decreases_today < kFreeDecreasesPerDay || !pt.last_decrease_date_time) {
    return Status::OK();
  }
  const auto last = static_cast<int64_t>(*pt.last_decrease_date_time * kMicrosPerSecond);
  // The next decrease: an hour after the last, or the new UTC day's first, whichever is sooner
  // (recorded: last at 11:20:48 PM, next at 12:00:00 AM).
  const int64_t next = std::min(last + kDecreaseSpacingMicros, (DayOf(last) + 1) * kDayMicros);
  if (now_micros >= next) return Status::OK();
  return LimitExceeded(
      "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given "
      "UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be "
      "performed at most once every 3600 seconds. Number of decreases today: " +
      std::to_string(pt.number_of_decreases_today) + ". Last decrease at " +
      ServiceDateTime(last) + ". Next decrease can be made at " + ServiceDateTime(next) + ".");
}

Status CheckOnDemandSwitchBudget(const std::vector<int64_t>& switches, int64_t now_micros) {
  std::vector<int64_t> recent;
  for (int64_t at : switches) {
    if (now_micros - at < kDayMicros) recent.push_back(at);
  }
  if (recent.size() < kOnDemandSwitchesPerDay) return Status::OK();
  // The older once-a-day rule's text is the one on record: "Subscriber limit exceeded: Update to
  // PayPerRequest mode are limited to once in 1 day(s). Last update at Sat Feb 23 03:07:45 UTC
  // 2019. Next update can be made at Sun Feb 24 03:07:45 UTC 2019". The next switch is possible
  // 24 hours after the oldest of the last four.
  const int64_t next = recent[recent.size() - kOnDemandSwitchesPerDay] + kDayMicros;
  return LimitExceeded(
      "Subscriber limit exceeded: Update to PayPerRequest mode are limited to " +
      std::to_string(kOnDemandSwitchesPerDay) + " times in 1 day(s). Last update at " +
      JavaDateTime(recent.back()) + ". Next update can be made at " + JavaDateTime(next));
}

void RecordOnDemandSwitch(std::vector<int64_t>& switches, int64_t now_micros) {
  std::erase_if(switches, [&](int64_t at) { return now_micros - at >= kDayMicros; });
  switches.push_back(now_micros);
}

Status CheckOnDemandThroughput(const OnDemandThroughput& wanted, BillingMode mode, bool creating,
                               const ThroughputQuotas* quotas, std::string_view region,
                               std::string_view index) {
  const std::string_view first = FirstMember(wanted);
  if (mode == BillingMode::kProvisioned) {
    // The two operations word it differently (both recorded against the live service, for a
    // table; for a GSI CreateTable's, "... for OnDemandThroughput for index: g-a cannot be
    // specified ...", is on record and UpdateTable's is taken to differ as the table's does).
    const std::string of_index = index.empty() ? "" : " for index: " + std::string(index);
    return Invalid(
        std::string(first) + " for OnDemandThroughput" + of_index + " cannot be specified when " +
        (creating ? "table BillingMode is PROVISIONED." : "the table BillingMode is PROVISIONED"));
  }
  // Recorded for a GSI: "Requested MaxReadRequestUnits for OnDemandThroughput for index : g-a is
  // outside of valid range", with its space before the colon.
  const std::string scope = index.empty() ? "table" : "index : " + std::string(index);
  auto check = [&](std::string_view member, const std::optional<int64_t>& units,
                   int64_t maximum, std::string_view quota) -> Status {
    if (!units) return Status::OK();
    if (*units < 1 && (creating || *units != -1)) {
      return Invalid("Requested " + std::string(member) + " for OnDemandThroughput for " + scope +
                     " is outside of valid range");
    }
    if (quotas != nullptr && *units > maximum) {
      return LimitExceeded("Subscriber limit exceeded: Requested " + std::string(member) +
                           " for OnDemandThroughput for " + scope + " exceeds " +
                           std::string(quota) + " of the account in region " + std::string(region));
    }
    return Status::OK();
  };
  const ThroughputQuotas none;
  const ThroughputQuotas& q = quotas != nullptr ? *quotas : none;
  STATOR_RETURN_IF_ERROR(check("MaxReadRequestUnits", wanted.max_read_request_units,
                               q.table_max_read_capacity_units, "TableMaxReadCapacityUnits"));
  return check("MaxWriteRequestUnits", wanted.max_write_request_units,
               q.table_max_write_capacity_units, "TableMaxWriteCapacityUnits");
}

void ApplyProvisionedChange(const ProvisionedThroughput& want, int64_t now_micros,
                            ProvisionedThroughputDescription& pt) {
  const bool decrease = want.read_capacity_units < pt.read_capacity_units ||
                        want.write_capacity_units < pt.write_capacity_units;
  const bool increase = want.read_capacity_units > pt.read_capacity_units ||
                        want.write_capacity_units > pt.write_capacity_units;
  const double now = static_cast<double>(now_micros / 1000) / 1000.0;
  if (decrease) {
    pt.last_decrease_date_time = now;
    ++pt.number_of_decreases_today;
  }
  if (increase) pt.last_increase_date_time = now;
  pt.read_capacity_units = want.read_capacity_units;
  pt.write_capacity_units = want.write_capacity_units;
}

std::optional<OnDemandThroughput> MergeOnDemandThroughput(
    const std::optional<OnDemandThroughput>& current, const OnDemandThroughput& wanted) {
  OnDemandThroughput out = current.value_or(OnDemandThroughput{});
  auto apply = [](const std::optional<int64_t>& units, std::optional<int64_t>& into) {
    if (!units) return;
    if (*units == -1) {
      into.reset();
    } else {
      into = units;
    }
  };
  apply(wanted.max_read_request_units, out.max_read_request_units);
  apply(wanted.max_write_request_units, out.max_write_request_units);
  if (!out.max_read_request_units && !out.max_write_request_units) return std::nullopt;
  return out;
}

}  // namespace stator::engine
