#include "engine/access/capacity_ledger.h"

namespace stator::engine {

CapacityLedger::Units& CapacityLedger::At(Stripe& stripe, const Access& access) {
  const KeyView key(access.partition, access.table.id, access.index);
  auto it = stripe.units.find(key);
  if (it == stripe.units.end()) {
    it = stripe.units
             .emplace(Key(access.partition, access.table.id, std::string(access.index)), Units())
             .first;
  }
  return it->second;
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
  auto it = stripe.units.find(KeyView(partition, table_id, index));
  return it == stripe.units.end() ? Units() : it->second;
}

}  // namespace stator::engine
