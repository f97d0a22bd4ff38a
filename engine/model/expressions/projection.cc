#include "engine/model/expressions/projection.h"

#include <map>
#include <optional>
#include <memory>
#include <string>

namespace stator::expr {
namespace {

// The paths as a tree: a node selects its whole value (leaf) or some children.
struct Node {
  bool leaf = false;
  std::map<std::string, Node, std::less<>> names;
  std::map<int32_t, Node> indexes;
};

void Insert(Node* root, const Path& path) {
  Node* node = root;
  for (const auto& e : path) {
    if (node->leaf) return;  // an enclosing path already selects everything below
    node = e.is_index() ? &node->indexes[e.index] : &node->names[e.name];
  }
  node->leaf = true;
  node->names.clear();
  node->indexes.clear();
}

// The selected part of `value`, or nothing.
std::optional<AttributeValue> Select(const AttributeValue& value, const Node& node) {
  if (node.leaf) return value;
  if (value.type() == AttributeType::kM && !node.names.empty()) {
    AttributeMap out;
    for (const auto& [name, child] : node.names) {
      auto it = value.m().find(name);
      if (it == value.m().end()) continue;
      if (auto v = Select(it->second, child)) out.emplace(name, std::move(*v));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::M(std::move(out));
  }
  if (value.type() == AttributeType::kL && !node.indexes.empty()) {
    AttributeList out;
    for (const auto& [index, child] : node.indexes) {
      if (static_cast<size_t>(index) >= value.l().size()) break;
      if (auto v = Select(value.l()[index], child)) out.push_back(std::move(*v));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::L(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

Item Project(const Item& item, const std::vector<Path>& paths) {
  Node root;
  for (const auto& path : paths) {
    if (!path.empty() && !path[0].is_index()) Insert(&root, path);
  }
  Item out;
  for (const auto& [name, child] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (auto v = Select(it->second, child)) out.emplace(name, std::move(*v));
  }
  return out;
}

}  // namespace stator::expr
