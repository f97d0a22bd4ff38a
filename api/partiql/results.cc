#include "api/partiql/results.h"

namespace stator::partiql {
namespace {

void AddUnits(const Capacity& c, Capacity* into) {
  into->capacity_units += c.capacity_units;
  if (c.read_capacity_units) {
    into->read_capacity_units = into->read_capacity_units.value_or(0) + *c.read_capacity_units;
  }
  if (c.write_capacity_units) {
    into->write_capacity_units = into->write_capacity_units.value_or(0) + *c.write_capacity_units;
  }
}

void AddIndexes(const std::map<std::string, Capacity, std::less<>>& from,
                std::map<std::string, Capacity, std::less<>>* into) {
  for (const auto& [name, c] : from) AddUnits(c, &(*into)[name]);
}

void Add(const ConsumedCapacity& c, ConsumedCapacity* into) {
  into->capacity_units += c.capacity_units;
  if (c.read_capacity_units) {
    into->read_capacity_units = into->read_capacity_units.value_or(0) + *c.read_capacity_units;
  }
  if (c.write_capacity_units) {
    into->write_capacity_units = into->write_capacity_units.value_or(0) + *c.write_capacity_units;
  }
  if (c.table) AddUnits(*c.table, &into->table.emplace());
  AddIndexes(c.global_secondary_indexes, &into->global_secondary_indexes);
  AddIndexes(c.local_secondary_indexes, &into->local_secondary_indexes);
}

// The value at `steps` of `item`, or null when the item lacks it.
const AttributeValue* Find(const Item& item, const std::vector<PathStep>& steps) {
  auto it = item.find(steps.front().name);
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (size_t i = 1; i < steps.size(); ++i) {
    if (steps[i].is_index()) {
      if (v->type() != AttributeType::kL || steps[i].index >= v->l().size()) return nullptr;
      v = &v->l()[steps[i].index];
    } else {
      if (v->type() != AttributeType::kM) return nullptr;
      auto m = v->m().find(steps[i].name);
      if (m == v->m().end()) return nullptr;
      v = &m->second;
    }
  }
  return v;
}

}  // namespace

void AddCapacity(const std::optional<ConsumedCapacity>& c, std::optional<ConsumedCapacity>* total) {
  if (!c) return;
  if (!*total) {
    *total = *c;
    return;
  }
  Add(*c, &**total);
}

void AddCapacity(const ConsumedCapacity& c, std::vector<ConsumedCapacity>* per_table) {
  for (ConsumedCapacity& entry : *per_table) {
    if (entry.table_name == c.table_name) {
      Add(c, &entry);
      return;
    }
  }
  per_table->push_back(c);
}

std::string ProjectedName(const Path& p) {
  size_t last = 0;
  for (size_t i = 0; i < p.steps.size(); ++i) {
    if (!p.steps[i].is_index()) last = i;
  }
  std::string name = p.steps[last].name;
  for (size_t i = last + 1; i < p.steps.size(); ++i) {
    name += "[" + std::to_string(p.steps[i].index) + "]";
  }
  return name;
}

bool NeedsShaping(const std::vector<Path>& projection) {
  for (const Path& p : projection) {
    if (!p.is_simple()) return true;
  }
  return false;
}

Item ShapeItem(const Item& item, const std::vector<Path>& projection) {
  Item out;
  for (const Path& p : projection) {
    const AttributeValue* v = Find(item, p.steps);
    if (v != nullptr) out.insert_or_assign(ProjectedName(p), *v);
  }
  return out;
}

}  // namespace stator::partiql
