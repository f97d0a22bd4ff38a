#include "engine/items/change_feed.h"

#include <algorithm>

namespace stator::engine {

void ChangeFeed::ItemsChanged(std::span<const ChangeRecord> changes) const {
  if (subscribers_.empty()) return;
  std::vector<ItemChange> run;
  for (size_t i = 0; i < changes.size(); ++i) {
    const ChangeRecord& c = changes[i];
    run.push_back({&c.key, c.new_item, c.new_size});
    if (i + 1 == changes.size() || changes[i + 1].table != c.table) {
      for (const auto& s : subscribers_) s->OnItemsChanged(RefOf(*c.table), run);
      run.clear();
    }
  }
}

void ChangeFeed::Committed(std::span<const ChangeRecord> changes) const {
  if (subscribers_.empty() || changes.empty()) return;
  // Most writes change one table; a transaction's few tables are found by a linear look back.
  std::vector<const Table*> told;
  for (const ChangeRecord& c : changes) {
    if (std::find(told.begin(), told.end(), c.table) != told.end()) continue;
    told.push_back(c.table);
    for (const auto& s : subscribers_) s->OnCommitted(RefOf(*c.table));
  }
}

void ChangeFeed::TableChanged(const Table& table) const {
  for (const auto& s : subscribers_) s->OnTableChanged(RefOf(table));
}

}  // namespace stator::engine
