// EventPattern: one pattern of Lambda's event filtering (FilterCriteria.Filters[].Pattern), the
// syntax Lambda takes from Amazon EventBridge's event patterns, parsed once and then matched
// against events as JSON.
//
// A pattern is a JSON object shaped like the event. A member whose value is an object matches
// the event's member of that name against the nested pattern; a member whose value is a list
// matches when the event's member satisfies any element of the list. All members must match;
// "$or": [pattern, ...] adds a set of alternatives, one of which must match the same object.
// The elements of a list (Lambda's "Filter rule syntax"):
//   "x", 5, true, null           equals: strings character by character (no case folding);
//                                numbers by their representation, so 300 and 300.0 differ
//   {"equals-ignore-case": "x"}  equals, ignoring case (ASCII letters)
//   {"prefix": "x"}              begins with; {"prefix": {"equals-ignore-case": "x"}} too
//   {"suffix": "x"}              ends with; {"suffix": {"equals-ignore-case": "x"}} too
//   {"anything-but": ...}        a value other than "x", 5, ["x", "y"], {"prefix": "x"},
//                                {"suffix": "x"} or {"equals-ignore-case": "x" | ["x", ...]}
//   {"numeric": [">", 0, "<=", 5]}  a JSON number within the range; "=" alone for equality
//   {"exists": true | false}     the member is, or is not, present as a leaf value
// How the event is read:
//   - only leaves (strings, numbers, booleans, null) are values: "exists": true does not match
//     a member whose value is an object, and "exists": false does (Lambda's note on using
//     exists with DynamoDB events);
//   - a member that is absent matches nothing but "exists": false, anything-but included;
//   - a list in the event matches when any of its elements does; a nested pattern matches a
//     list of objects when one object matches all of it;
//   - "numeric" compares JSON numbers only. A DynamoDB number is a string in the event
//     ({"N": "5"}), so no numeric rule matches it; equality on its text ("N": ["5"]) and prefix
//     do.
//
// Thread safety: immutable once parsed; Matches may be called from any number of threads.
#pragma once

#include <simdjson.h>

#include <memory>
#include <string_view>

#include "stator/status.h"

namespace stator::api {

class EventPattern {
 public:
  // Parses `json`. A ValidationException saying what is wrong when it is not JSON, not an
  // object, empty, or uses a form the table above does not list.
  static Result<EventPattern> Parse(std::string_view json);

  // Whether the event (a JSON object) matches.
  bool Matches(simdjson::dom::element event) const;

  struct Node;  // the parsed pattern (event_pattern.cc)

 private:
  explicit EventPattern(std::shared_ptr<const Node> root) : root_(std::move(root)) {}

  std::shared_ptr<const Node> root_;
};

}  // namespace stator::api
