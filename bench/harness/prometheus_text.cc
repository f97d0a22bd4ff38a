// ParsePrometheusText: see prometheus_text.h. Follows the exposition format's grammar:
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
#include "bench/harness/prometheus_text.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace stator::bench {
namespace {

bool IsNameChar(char c, bool first) {
  const bool alpha = std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
  return first ? alpha : alpha || std::isdigit(static_cast<unsigned char>(c));
}

void SkipSpaces(std::string_view* s) {
  while (!s->empty() && (s->front() == ' ' || s->front() == '\t')) s->remove_prefix(1);
}

// Takes a metric or label name off the front of s; empty when s does not start with one.
std::string_view TakeName(std::string_view* s) {
  size_t n = 0;
  while (n < s->size() && IsNameChar((*s)[n], n == 0)) ++n;
  const std::string_view name = s->substr(0, n);
  s->remove_prefix(n);
  return name;
}

// Takes `"..."` off the front of s into *value, unescaping. False when malformed.
bool TakeQuoted(std::string_view* s, std::string* value) {
  if (s->empty() || s->front() != '"') return false;
  s->remove_prefix(1);
  while (!s->empty()) {
    const char c = s->front();
    s->remove_prefix(1);
    if (c == '"') return true;
    if (c != '\\') {
      value->push_back(c);
      continue;
    }
    if (s->empty()) return false;
    const char e = s->front();
    s->remove_prefix(1);
    value->push_back(e == 'n' ? '\n' : e);  // \\ and \" stand for themselves
  }
  return false;
}

// `{a="x",b="y"}` (a trailing comma allowed, as the format allows) off the front of s.
bool TakeLabels(std::string_view* s, MetricSample* sample) {
  s->remove_prefix(1);  // '{'
  while (true) {
    SkipSpaces(s);
    if (!s->empty() && s->front() == '}') {
      s->remove_prefix(1);
      return true;
    }
    const std::string_view key = TakeName(s);
    SkipSpaces(s);
    if (key.empty() || s->empty() || s->front() != '=') return false;
    s->remove_prefix(1);
    SkipSpaces(s);
    std::string value;
    if (!TakeQuoted(s, &value)) return false;
    sample->labels.insert_or_assign(std::string(key), std::move(value));
    SkipSpaces(s);
    if (!s->empty() && s->front() == ',') s->remove_prefix(1);
  }
}

bool ParseValue(std::string_view token, double* value) {
  if (token == "+Inf" || token == "Inf") {
    *value = std::numeric_limits<double>::infinity();
    return true;
  }
  if (token == "-Inf") {
    *value = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (token == "NaN") {
    *value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const std::string copy(token);
  char* end = nullptr;
  *value = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size() && std::isfinite(*value);
}

bool ParseSample(std::string_view line, MetricSample* sample) {
  sample->name = std::string(TakeName(&line));
  if (sample->name.empty()) return false;
  SkipSpaces(&line);
  if (!line.empty() && line.front() == '{' && !TakeLabels(&line, sample)) return false;
  SkipSpaces(&line);
  const size_t end = line.find_first_of(" \t");
  if (!ParseValue(line.substr(0, end), &sample->value)) return false;
  if (end == std::string_view::npos) return true;
  line.remove_prefix(end);
  SkipSpaces(&line);
  // An optional timestamp (integer milliseconds), which the harness does not need.
  for (size_t i = 0; i < line.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i])) && !(i == 0 && line[i] == '-')) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view MetricSample::Label(std::string_view key) const {
  const auto it = labels.find(key);
  return it == labels.end() ? std::string_view{} : std::string_view(it->second);
}

Result<std::vector<MetricSample>> ParsePrometheusText(std::string_view text) {
  std::vector<MetricSample> samples;
  int line_number = 0;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    SkipSpaces(&line);
    if (line.empty() || line.front() == '#') continue;
    MetricSample sample;
    if (!ParseSample(line, &sample)) {
      return Status::Validation("not Prometheus text at line " + std::to_string(line_number) +
                                ": " + std::string(line.substr(0, 80)));
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

}  // namespace stator::bench
