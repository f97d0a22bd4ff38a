#include "bench/harness/prometheus_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stator::bench {
namespace {

TEST(PrometheusTextTest, ReadsSamplesAndSkipsComments) {
  const auto samples = ParsePrometheusText(
      "# HELP stator_requests_total Data-plane requests.\n"
      "# TYPE stator_requests_total counter\n"
      "stator_requests_total{operation=\"GetItem\"} 42\n"
      "\n"
      "process_open_fds 7\n");
  ASSERT_TRUE(samples.ok()) << samples.status().message();
  ASSERT_EQ(samples->size(), 2u);
  EXPECT_EQ((*samples)[0].name, "stator_requests_total");
  EXPECT_EQ((*samples)[0].Label("operation"), "GetItem");
  EXPECT_EQ((*samples)[0].value, 42);
  EXPECT_EQ((*samples)[1].name, "process_open_fds");
  EXPECT_TRUE((*samples)[1].labels.empty());
  EXPECT_EQ((*samples)[1].value, 7);
}

TEST(PrometheusTextTest, ReadsSeveralLabelsAndEmptyValues) {
  const auto samples = ParsePrometheusText(
      "stator_consumed_read_capacity_units_total{tenant=\"bench_us-east-1\",table=\"t\","
      "index=\"\"} 302.5\n");
  ASSERT_TRUE(samples.ok());
  const MetricSample& s = (*samples)[0];
  EXPECT_EQ(s.Label("tenant"), "bench_us-east-1");
  EXPECT_EQ(s.Label("table"), "t");
  EXPECT_EQ(s.labels.count("index"), 1u);
  EXPECT_EQ(s.Label("index"), "");
  EXPECT_EQ(s.Label("absent"), "");
  EXPECT_DOUBLE_EQ(s.value, 302.5);
}

TEST(PrometheusTextTest, UnescapesLabelValues) {
  const auto samples = ParsePrometheusText(R"(m{a="x\"y",b="c:\\d",c="1\n2",d="{,}"} 1)");
  ASSERT_TRUE(samples.ok()) << samples.status().message();
  const MetricSample& s = (*samples)[0];
  EXPECT_EQ(s.Label("a"), "x\"y");
  EXPECT_EQ(s.Label("b"), "c:\\d");
  EXPECT_EQ(s.Label("c"), "1\n2");
  EXPECT_EQ(s.Label("d"), "{,}");
}

TEST(PrometheusTextTest, AcceptsTheFormatsLatitudes) {
  // A trailing comma, spaces around labels, a timestamp, CRLF line ends, no final newline.
  const auto samples = ParsePrometheusText(
      "a{x=\"1\",} 1.5e3 1712345678000\r\n"
      "b { y = \"2\" }  -3\r\n"
      "c_total 0");
  ASSERT_TRUE(samples.ok()) << samples.status().message();
  ASSERT_EQ(samples->size(), 3u);
  EXPECT_EQ((*samples)[0].value, 1500);
  EXPECT_EQ((*samples)[1].Label("y"), "2");
  EXPECT_EQ((*samples)[1].value, -3);
  EXPECT_EQ((*samples)[2].value, 0);
}

TEST(PrometheusTextTest, ReadsSpecialValues) {
  const auto samples = ParsePrometheusText("a +Inf\nb -Inf\nc NaN\nd 1.7976931348623157e308\n");
  ASSERT_TRUE(samples.ok());
  EXPECT_TRUE(std::isinf((*samples)[0].value) && (*samples)[0].value > 0);
  EXPECT_TRUE(std::isinf((*samples)[1].value) && (*samples)[1].value < 0);
  EXPECT_TRUE(std::isnan((*samples)[2].value));
  EXPECT_GT((*samples)[3].value, 1e308);
}

TEST(PrometheusTextTest, EmptyTextHasNoSamples) {
  const auto samples = ParsePrometheusText("");
  ASSERT_TRUE(samples.ok());
  EXPECT_TRUE(samples->empty());
}

TEST(PrometheusTextTest, RefusesWhatIsNotTheFormat) {
  for (const char* text :
       {"<html><body>Not Found</body></html>", "{\"__type\":\"UnknownOperationException\"}",
        "metric",        // no value
        "metric abc",    // value not a number
        "metric 1 2 3",  // trailing garbage
        "metric 1 12x",  // timestamp not an integer
        "m{a=\"x} 1",    // unterminated label value
        "m{a=x} 1",      // unquoted label value
        "m{=\"x\"} 1",   // label without a name
        "m{a=\"x\" 1",   // unclosed braces
        "9metric 1"}) {  // a name cannot start with a digit
    const auto samples = ParsePrometheusText(text);
    EXPECT_FALSE(samples.ok()) << text;
  }
}

TEST(PrometheusTextTest, ErrorsNameTheLine) {
  const auto samples = ParsePrometheusText("a 1\n# comment\nnot a sample\n");
  ASSERT_FALSE(samples.ok());
  EXPECT_NE(samples.status().message().find("line 3"), std::string::npos)
      << samples.status().message();
}

}  // namespace
}  // namespace stator::bench
