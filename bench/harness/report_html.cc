// The --html report: one self-contained page (inline CSS and SVG, no scripts) with the
// throughput and latency-over-time charts and the per-operation table.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "bench/harness/report.h"

namespace stator::bench {
namespace {

struct Series {
  std::string name;
  std::string color;
  std::vector<double> values;
};

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A line chart of series over the timeline, 720x240 with a y-axis from 0 to the largest value.
std::string Chart(const std::string& title, const std::string& unit,
                  const std::vector<double>& t, const std::vector<Series>& series) {
  constexpr double kW = 720, kH = 240, kLeft = 70, kBottom = 30, kTop = 20;
  double max_y = 1;
  for (const auto& s : series) {
    for (double v : s.values) max_y = std::max(max_y, v);
  }
  const double max_t = t.empty() ? 1 : std::max(t.back(), 1.0);
  auto x = [&](double v) { return kLeft + v / max_t * (kW - kLeft - 10); };
  auto y = [&](double v) { return kH - kBottom - v / max_y * (kH - kBottom - kTop); };
  std::ostringstream out;
  out << "<h2>" << title << "</h2><svg width='" << kW << "' height='" << kH
      << "' xmlns='http://www.w3.org/2000/svg'><rect width='100%' height='100%' fill='#fff'/>";
  for (int i = 0; i <= 4; ++i) {
    const double v = max_y * i / 4;
    out << "<line x1='" << kLeft << "' x2='" << kW - 10 << "' y1='" << Num(y(v)) << "' y2='"
        << Num(y(v)) << "' stroke='#ddd'/><text x='" << kLeft - 5 << "' y='" << Num(y(v) + 4)
        << "' text-anchor='end' font-size='11'>" << Num(v) << "</text>";
  }
  out << "<text x='" << kW / 2 << "' y='" << kH - 5
      << "' font-size='11' text-anchor='middle'>seconds (" << unit << ")</text>";
  int legend = 0;
  for (const auto& s : series) {
    out << "<polyline fill='none' stroke='" << s.color << "' stroke-width='2' points='";
    for (size_t i = 0; i < s.values.size() && i < t.size(); ++i) {
      out << Num(x(t[i])) << "," << Num(y(s.values[i])) << " ";
    }
    out << "'/><text x='" << kLeft + 10 + 90 * legend++ << "' y='14' font-size='12' fill='"
        << s.color << "'>" << s.name << "</text>";
  }
  out << "</svg>";
  return out.str();
}

}  // namespace

std::string ToHtml(const Report& r) {
  std::vector<double> t, ops, p50, p99;
  for (const auto& p : r.timeline) {
    t.push_back(p.t_s);
    ops.push_back(p.ops_per_s);
    p50.push_back(p.p50_us);
    p99.push_back(p.p99_us);
  }
  std::ostringstream text;
  PrintText(r, text);
  std::string escaped;
  for (char c : text.str()) {
    if (c == '<') escaped += "&lt;";
    else if (c == '&') escaped += "&amp;";
    else escaped.push_back(c);
  }
  std::ostringstream out;
  out << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>stator-bench: " << r.workload
      << "</title><style>body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;"
         "padding:1em}</style></head><body><h1>stator-bench</h1><pre>"
      << escaped << "</pre>"
      << Chart("Throughput", "ops/s", t, {{"ops/s", "#1f77b4", ops}})
      << Chart("Latency", "microseconds", t,
               {{"p50", "#2ca02c", p50}, {"p99", "#d62728", p99}})
      << "</body></html>\n";
  return out.str();
}

}  // namespace stator::bench
