#include "engine/access/capacity_ledger.h"

namespace stator::engine {

CapacityLedger::Units& CapacityLedger::At(Stripe& stripe, uint32_t table_id, std::string_view index,
                                          uint64_t partition) {
  std::vector<Entry>& entries = stripe.by_partition[partition];
  for (Entry& e : entries) {
    if (e.table_id == table_id && e.index == index) return e.units;
  }
  entries.push_back({table_id, std::string(index), Units()});
  return entries.back().units;
}

CapacityLedger::Units& CapacityLedger::At(Stripe& stripe, const Access& access) {
  return At(stripe, access.table.id, access.index, access.partition);
}

Status CapacityLedger::Admit(const Access& access) {
  Stripe& stripe = StripeOf(access.partition);
  std::lock_guard lock(stripe.mu);
  ++At(stripe, access).accesses;
  return Status::OK();
}

void CapacityLedger::Charge(const Access& access, double read_units, double write_units) {
  Stripe& stripe = StripeOf(access.partition);
  std::lock_guard lock(stripe.mu);
  Units& units = At(stripe, access);
  units.read += read_units;
  units.write += write_units;
}

void CapacityLedger::Refused(const Access& access, bool write, ThrottleLimit limit) {
  Stripe& stripe = StripeOf(access.partition);
  std::lock_guard lock(stripe.mu);
  const std::string_view owner = access.global_index ? access.index : std::string_view();
  Units& units = At(stripe, access.table.id, owner, access.partition);
  ++(write ? units.write_throttles : units.read_throttles).by_limit[static_cast<size_t>(limit)];
}

CapacityLedger::Units CapacityLedger::ConsumedBy(uint32_t table_id, std::string_view index,
                                                 uint64_t partition) const {
  Stripe& stripe = StripeOf(partition);
  std::lock_guard lock(stripe.mu);
  auto it = stripe.by_partition.find(partition);
  if (it == stripe.by_partition.end()) return Units();
  for (const Entry& e : it->second) {
    if (e.table_id == table_id && e.index == index) return e.units;
  }
  return Units();
}

CapacityLedger::Units CapacityLedger::TotalOf(uint32_t table_id, std::string_view index) const {
  Units total;
  ForEach([&](uint32_t id, std::string_view ix, uint64_t, const Units& u) {
    if (id != table_id || ix != index) return;
    total.read += u.read;
    total.write += u.write;
    total.accesses += u.accesses;
    total.read_throttles += u.read_throttles;
    total.write_throttles += u.write_throttles;
  });
  return total;
}

void CapacityLedger::ForEach(const Visitor& fn) const {
  for (Stripe& stripe : stripes_) {
    std::lock_guard lock(stripe.mu);
    for (const auto& [partition, entries] : stripe.by_partition) {
      for (const Entry& e : entries) fn(e.table_id, e.index, partition, e.units);
    }
  }
}

}  // namespace stator::engine
