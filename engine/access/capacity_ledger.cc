#include "engine/access/capacity_ledger.h"

namespace stator::engine {

CapacityLedger::Units& CapacityLedger::At(Stripe& stripe, const Access& access) {
  std::vector<Entry>& entries = stripe.by_partition[access.partition];
  for (Entry& e : entries) {
    if (e.table_id == access.table.id && e.index == access.index) return e.units;
  }
  entries.push_back({access.table.id, std::string(access.index), Units()});
  return entries.back().units;
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

void CapacityLedger::ForEach(
    const std::function<void(uint32_t table_id, std::string_view index, const Units&)>& fn) const {
  for (Stripe& stripe : stripes_) {
    std::lock_guard lock(stripe.mu);
    for (const auto& [partition, entries] : stripe.by_partition) {
      for (const Entry& e : entries) fn(e.table_id, e.index, e.units);
    }
  }
}

}  // namespace stator::engine
