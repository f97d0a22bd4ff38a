// Reading stator-bench --compare's text in tests: the A, B and B/A columns of a row.
#pragma once

#include <sstream>
#include <string>

namespace stator::bench::testing {

// The A, B and B/A columns of the first row named `name` ("" when absent).
inline std::string Columns(const std::string& text, const std::string& name) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  " + name + " ", 0) != 0) continue;
    std::istringstream rest(line.substr(name.size() + 2));
    std::string a, b, ratio;
    rest >> a >> b >> ratio;
    return a + " " + b + " " + ratio;
  }
  return "";
}

}  // namespace stator::bench::testing
