#include "api/stream_handlers/mapping_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/stream_handlers/failure_destination.h"
#include "api/stream_handlers/record_filter.h"
#include "api/stream_handlers/url_handler.h"

namespace stator::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kStreamArn =
    "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-12-06T02:40:39.123";

class MappingFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("stator_mappings_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A valid mapping with `extra` members added (text of JSON members, with a leading comma).
  static std::string Mapping(std::string_view extra = "",
                             std::string_view function_name = "orders") {
    return R"({"EventSourceArn":")" + std::string(kStreamArn) + R"(","FunctionName":")" +
           std::string(function_name) +
           R"(","StartingPosition":"LATEST","Handler":{"Command":["sh","-c","true"]})" +
           std::string(extra) + "}";
  }

  // The error of loading `json` as "f.json".
  static std::string ErrorOf(std::string_view json) {
    Result<std::vector<EventSourceMapping>> r = ParseEventSourceMappingFile(json, "f.json");
    EXPECT_FALSE(r.ok()) << json;
    if (r.ok()) return "";
    EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
    return r.status().message();
  }

  // The error of a file holding one valid mapping, then one with `extra`.
  static std::string SecondMappingError(std::string_view extra) {
    return ErrorOf("[" + Mapping("", "first") + "," + Mapping(extra, "second") + "]");
  }

  std::string Write(std::string_view name, std::string_view text) {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  std::filesystem::path dir_;
};

TEST_F(MappingFileTest, ReadsEveryField) {
  const std::string failures = (dir_ / "failures.jsonl").string();
  const std::string json = R"([{
    "EventSourceArn": ")" + std::string(kStreamArn) +
                           R"(",
    "FunctionName": "orders",
    "UUID": "14e0db71-5d35-4eb5-b481-8945cf9d10c2",
    "Enabled": false,
    "BatchSize": 500,
    "MaximumBatchingWindowInSeconds": 5,
    "StartingPosition": "TRIM_HORIZON",
    "MaximumRetryAttempts": 2,
    "MaximumRecordAgeInSeconds": 3600,
    "BisectBatchOnFunctionError": true,
    "ParallelizationFactor": 4,
    "FilterCriteria": {"Filters": [{"Pattern": "{\"eventName\": [\"INSERT\"]}"}]},
    "FunctionResponseTypes": ["ReportBatchItemFailures"],
    "TumblingWindowInSeconds": 120,
    "DestinationConfig": {"OnFailure": {"Destination": "file://)" +
                           failures + R"("}},
    "Timeout": 30,
    "Handler": {"Command": ["sh", "-c", "cat >/dev/null"]}
  }])";
  Result<std::vector<EventSourceMapping>> r = ParseEventSourceMappingFile(json, "f.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  const EventSourceMapping& m = r->front();
  EXPECT_EQ(m.event_source_arn, kStreamArn);
  EXPECT_EQ(m.table_name, "");
  EXPECT_EQ(m.function_name, "orders");
  EXPECT_EQ(m.uuid, "14e0db71-5d35-4eb5-b481-8945cf9d10c2");
  EXPECT_FALSE(m.enabled);
  EXPECT_EQ(m.batch_size, 500);
  EXPECT_EQ(m.maximum_batching_window_seconds, 5);
  EXPECT_EQ(m.starting_position, StartingPosition::kTrimHorizon);
  EXPECT_EQ(m.maximum_retry_attempts, 2);
  EXPECT_EQ(m.maximum_record_age_seconds, 3600);
  EXPECT_TRUE(m.bisect_batch_on_function_error);
  EXPECT_EQ(m.parallelization_factor, 4);
  EXPECT_TRUE(m.report_batch_item_failures);
  EXPECT_EQ(m.tumbling_window_seconds, 120);
  EXPECT_EQ(m.timeout_seconds, 30);
  const auto* command = dynamic_cast<const CommandHandler*>(m.handler.get());
  ASSERT_NE(command, nullptr);
  EXPECT_THAT(command->command(), ElementsAre("sh", "-c", "cat >/dev/null"));
  ASSERT_NE(dynamic_cast<const FilterCriteriaFilter*>(m.filter.get()), nullptr);
  const auto* destination = dynamic_cast<const JsonLinesFailureDestination*>(m.on_failure.get());
  ASSERT_NE(destination, nullptr);
  EXPECT_EQ(destination->path(), failures);
  EXPECT_TRUE(std::filesystem::exists(failures));
}

TEST_F(MappingFileTest, DefaultsAreLambdas) {
  Result<std::vector<EventSourceMapping>> r = ParseEventSourceMappingFile(
      R"([{"TableName":"orders","FunctionName":"f","StartingPosition":"LATEST",)"
      R"("Handler":{"Url":"http://127.0.0.1:9000/hook"},"BatchSize":null}])",
      "f.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const EventSourceMapping& m = r->front();
  EXPECT_EQ(m.table_name, "orders");
  EXPECT_EQ(m.event_source_arn, "");
  EXPECT_EQ(m.uuid, "");
  EXPECT_TRUE(m.enabled);
  EXPECT_EQ(m.batch_size, 100);
  EXPECT_EQ(m.maximum_batching_window_seconds, 0);
  EXPECT_EQ(m.starting_position, StartingPosition::kLatest);
  EXPECT_EQ(m.maximum_retry_attempts, -1);
  EXPECT_EQ(m.maximum_record_age_seconds, -1);
  EXPECT_FALSE(m.bisect_batch_on_function_error);
  EXPECT_EQ(m.parallelization_factor, 1);
  EXPECT_FALSE(m.report_batch_item_failures);
  EXPECT_EQ(m.tumbling_window_seconds, 0);
  EXPECT_EQ(m.timeout_seconds, 3);
  EXPECT_EQ(m.filter, nullptr);
  EXPECT_EQ(m.on_failure, nullptr);
  const auto* url = dynamic_cast<const UrlHandler*>(m.handler.get());
  ASSERT_NE(url, nullptr);
  EXPECT_EQ(url->url(), "http://127.0.0.1:9000/hook");

  // An empty file and empty filters are allowed too.
  EXPECT_TRUE(ParseEventSourceMappingFile("[]", "f.json").ok());
  Result<std::vector<EventSourceMapping>> no_filters =
      ParseEventSourceMappingFile("[" + Mapping(R"(,"FilterCriteria":{"Filters":[]})") + "]", "f");
  ASSERT_TRUE(no_filters.ok());
  EXPECT_EQ(no_filters->front().filter, nullptr);
}

TEST_F(MappingFileTest, ErrorsNameTheFileTheMappingAndTheField) {
  EXPECT_EQ(SecondMappingError(R"(,"BatchSize":20000)"),
            "f.json: mapping [1] (FunctionName \"second\"): BatchSize: 1 validation error "
            "detected: Value '20000' at 'batchSize' failed to satisfy constraint: Member must "
            "have value less than or equal to 10000");
  EXPECT_EQ(ErrorOf(R"([{"BatchSize":0}])"),
            "f.json: mapping [0]: EventSourceArn: 1 validation error detected: Value null at "
            "'eventSourceArn' failed to satisfy constraint: Member must not be null (or give "
            "TableName, Stator's local convenience for the table's current stream)");
}

// Each field's refusals, in Lambda's words where it has them.
TEST_F(MappingFileTest, RefusesWhatLambdaRefuses) {
  struct Case {
    std::string_view extra;
    std::string_view field;
    std::string_view says;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"(,"BatchSize":0)", "BatchSize",
            "Value '0' at 'batchSize' failed to satisfy "
            "constraint: Member must have value greater than "
            "or equal to 1"},
           {R"(,"BatchSize":"10")", "BatchSize",
            R"(Invalid type for parameter BatchSize, value: "10", type: string, valid types: )"
            "integer"},
           {R"(,"BatchSize":10.5)", "BatchSize", "type: number, valid types: integer"},
           {R"(,"MaximumBatchingWindowInSeconds":301)", "MaximumBatchingWindowInSeconds",
            "at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have "
            "value less than or equal to 300"},
           {R"(,"MaximumRetryAttempts":-2)", "MaximumRetryAttempts", "greater than or equal to -1"},
           {R"(,"MaximumRetryAttempts":10001)", "MaximumRetryAttempts",
            "less than or equal to 10000"},
           {R"(,"MaximumRecordAgeInSeconds":30)", "MaximumRecordAgeInSeconds",
            "Value '30' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member "
            "must have value greater than or equal to 60"},
           {R"(,"MaximumRecordAgeInSeconds":604801)", "MaximumRecordAgeInSeconds",
            "less than or equal to 604800"},
           {R"(,"ParallelizationFactor":11)", "ParallelizationFactor", "less than or equal to 10"},
           {R"(,"TumblingWindowInSeconds":901)", "TumblingWindowInSeconds",
            "less than or equal to 900"},
           {R"(,"Timeout":0)", "Timeout",
            "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater "
            "than or equal to 1"},
           {R"(,"Timeout":901)", "Timeout", "less than or equal to 900"},
           {R"(,"Enabled":"yes")", "Enabled", "valid types: boolean"},
           {R"(,"BisectBatchOnFunctionError":1)", "BisectBatchOnFunctionError",
            "valid types: boolean"},
           {R"(,"UUID":"")", "UUID", "at 'uuid' failed to satisfy constraint"},
           {R"(,"FunctionResponseTypes":["Foo"])", "FunctionResponseTypes",
            "Value '[Foo]' at 'functionResponseTypes' failed to satisfy constraint: Member must "
            "satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]"},
           {R"(,"FunctionResponseTypes":["ReportBatchItemFailures","ReportBatchItemFailures"])",
            "FunctionResponseTypes", "Member must have length less than or equal to 1"},
           {R"(,"FilterCriteria":{"Filters":[{"Pattern":"{\"a\":\"x\"}"}]})", "FilterCriteria",
            R"(Invalid filter pattern definition. Filters[0].Pattern: "a" must be)"},
           {R"(,"FilterCriteria":{"Filters":[{"Pattern":"{"}]})", "FilterCriteria",
            "Invalid filter pattern definition. Filters[0].Pattern: the pattern is not JSON"},
           {R"(,"FilterCriteria":{"Filters":[{}]})", "FilterCriteria",
            "Value null at 'filterCriteria.filters.1.member.pattern'"},
           {R"(,"FilterCriteria":{"Filter":[]})", "Filter",
            R"(Unknown parameter in FilterCriteria: "Filter", must be one of: Filters)"},
           {R"(,"FilterCriteria":{"Filters":[{"Pattern":"{}","Other":1}]})", "Other",
            "Unknown parameter in FilterCriteria.Filters"},
           {R"(,"DestinationConfig":{"OnSuccess":{"Destination":"/tmp/x"}})",
            "DestinationConfig.OnSuccess",
            "Unsupported DestinationConfig parameter for given event source mapping type."},
           {R"(,"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:1:q"}})",
            "DestinationConfig.OnFailure.Destination", "not an ARN"},
           {R"(,"DestinationConfig":{"OnFailure":{"Destination":"/no/such/dir/f.jsonl"}})",
            "DestinationConfig.OnFailure.Destination",
            "Cannot open the on-failure destination /no/such/dir/f.jsonl"},
           {R"(,"StartingPositionTimestamp":1)", "StartingPositionTimestamp",
            R"(Unknown parameter in input: "StartingPositionTimestamp", must be one of: )"
            "EventSourceArn, TableName, FunctionName, UUID, Enabled, BatchSize"},
       }) {
    const std::string error = SecondMappingError(c.extra);
    EXPECT_THAT(
        error,
        StartsWith("f.json: mapping [1] (FunctionName \"second\"): " + std::string(c.field) + ": "))
        << c.extra;
    EXPECT_THAT(error, HasSubstr(c.says)) << c.extra;
  }
}

TEST_F(MappingFileTest, RefusesBadSourcesNamesAndStartingPositions) {
  auto error_of = [](std::string_view mapping) {
    return ErrorOf("[" + std::string(mapping) + "]");
  };
  const std::string handler = R"("Handler":{"Url":"http://127.0.0.1:9/"})";
  EXPECT_THAT(error_of(R"({"FunctionName":"f","StartingPosition":"LATEST","EventSourceArn":")" +
                       std::string(kStreamArn) + R"(","TableName":"orders",)" + handler + "}"),
              HasSubstr("EventSourceArn: give EventSourceArn or TableName, not both"));
  EXPECT_THAT(error_of(R"({"FunctionName":"f","StartingPosition":"LATEST",)"
                       R"("EventSourceArn":"not-an-arn",)" +
                       handler + "}"),
              HasSubstr("Value 'not-an-arn' at 'eventSourceArn' failed to satisfy constraint: "
                        "Member must satisfy regular expression pattern: arn:(aws"));
  EXPECT_THAT(error_of(R"({"FunctionName":"f","StartingPosition":"LATEST","EventSourceArn":)"
                       R"("arn:aws:kinesis:us-east-1:000000000000:stream/s",)" +
                       handler + "}"),
              HasSubstr("Unrecognized event source, must be a DynamoDB stream ARN"));
  EXPECT_THAT(error_of(R"({"FunctionName":"f","StartingPosition":"LATEST","TableName":"ab",)" +
                       handler + "}"),
              HasSubstr("TableName: 1 validation error detected: Value 'ab' at 'tableName' "
                        "failed to satisfy constraint: Member must have length greater than or "
                        "equal to 3"));
  EXPECT_THAT(error_of(R"({"FunctionName":"f","StartingPosition":"LATEST","TableName":"a b c",)" +
                       handler + "}"),
              HasSubstr("pattern: [a-zA-Z0-9_.-]+"));

  EXPECT_THAT(error_of(R"({"TableName":"orders","StartingPosition":"LATEST",)" + handler + "}"),
              HasSubstr("mapping [0]: FunctionName: 1 validation error detected: Value null at "
                        "'functionName' failed to satisfy constraint: Member must not be null"));
  EXPECT_THAT(error_of(R"({"TableName":"orders","FunctionName":"my function",)"
                       R"("StartingPosition":"LATEST",)" +
                       handler + "}"),
              HasSubstr("Value 'my function' at 'functionName' failed to satisfy constraint: "
                        "Member must satisfy regular expression pattern"));
  EXPECT_THAT(error_of(R"({"TableName":"orders","FunctionName":")" + std::string(65, 'f') +
                       R"(","StartingPosition":"LATEST",)" + handler + "}"),
              HasSubstr("Member must have length less than or equal to 64"));
  EXPECT_TRUE(
      ParseEventSourceMappingFile(
          R"([{"TableName":"orders","StartingPosition":"LATEST",)" + handler +
              R"(,"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:f:PROD"}])",
          "f.json")
          .ok());

  EXPECT_THAT(error_of(R"({"TableName":"orders","FunctionName":"f",)" + handler + "}"),
              HasSubstr("(FunctionName \"f\"): StartingPosition: 1 validation error detected: "
                        "Value null at 'startingPosition' failed to satisfy constraint: Member "
                        "must not be null"));
  EXPECT_THAT(
      error_of(R"({"EventSourceArn":")" + std::string(kStreamArn) +
               R"(","FunctionName":"f","StartingPosition":"AT_TIMESTAMP",)" + handler + "}"),
      HasSubstr("StartingPosition: Unsupported starting position for arn type: " +
                std::string(kStreamArn)));
  EXPECT_THAT(
      error_of(R"({"TableName":"orders","FunctionName":"f",)"
               R"("StartingPosition":"EARLIEST",)" +
               handler + "}"),
      HasSubstr("Value 'EARLIEST' at 'startingPosition' failed to satisfy constraint: "
                "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"));
}

TEST_F(MappingFileTest, RefusesBadHandlers) {
  auto error_of = [](std::string_view handler) {
    return ErrorOf(R"([{"TableName":"orders","FunctionName":"f","StartingPosition":"LATEST")" +
                   std::string(handler) + "}]");
  };
  EXPECT_THAT(error_of(""), HasSubstr("(FunctionName \"f\"): Handler: a mapping needs a Handler"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Command":["sh"],"Url":"http://h/"})"),
              HasSubstr("Handler: give one of Command and Url"));
  EXPECT_THAT(error_of(R"(,"Handler":{})"), HasSubstr("Handler: give one of Command and Url"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Command":[]})"),
              HasSubstr("Handler.Command: the command is empty"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Command":"node handler.mjs"})"),
              HasSubstr("Handler.Command: Invalid type for parameter Handler.Command"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Command":["stator-no-such-program"]})"),
              HasSubstr(R"(Handler.Command: cannot run "stator-no-such-program": not found in )"
                        "PATH"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Command":["/no/such/program"]})"),
              HasSubstr(R"(cannot run "/no/such/program": No such file or directory)"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Url":"https://example.com/"})"),
              HasSubstr("Handler.Url: Invalid handler URL \"https://example.com/\": only http://"));
  EXPECT_THAT(error_of(R"(,"Handler":{"Lambda":"f"})"),
              HasSubstr(R"(Lambda: Unknown parameter in Handler: "Lambda", must be one of: )"
                        "Command, Url"));
}

TEST_F(MappingFileTest, RefusesFilesThatAreNotListsOfMappings) {
  EXPECT_THAT(ErrorOf("[{"), StartsWith("f.json: not valid JSON: "));
  EXPECT_EQ(ErrorOf("{}"), "f.json: must hold a JSON array of event source mappings");
  EXPECT_EQ(ErrorOf("[" + Mapping() + ",5]"), "f.json: mapping [1]: a mapping is a JSON object");
}

TEST_F(MappingFileTest, LoadsFilesTogether) {
  const std::string shared = (dir_ / "failures.jsonl").string();
  const std::string destination =
      R"(,"DestinationConfig":{"OnFailure":{"Destination":")" + shared + R"("}})";
  const std::string a = Write("a.json", "[" + Mapping(destination, "one") + "]");
  const std::string b = Write("b.json", "[" + Mapping(destination, "two") + "]");
  Result<std::vector<EventSourceMapping>> r = LoadEventSourceMappingFiles({a, b});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].function_name, "one");
  EXPECT_EQ((*r)[1].function_name, "two");
  EXPECT_EQ((*r)[0].on_failure, (*r)[1].on_failure);  // one writer per file

  const std::string uuid = R"(,"UUID":"u-1")";
  const std::string c = Write("c.json", "[" + Mapping(uuid, "three") + "]");
  const std::string d = Write("d.json", "[" + Mapping(uuid, "four") + "]");
  Result<std::vector<EventSourceMapping>> twice = LoadEventSourceMappingFiles({c, d});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(),
            d + ": mapping [0] (FunctionName \"four\"): UUID: \"u-1\" is already the UUID of " + c +
                ": mapping [0] (FunctionName \"three\")");

  const std::string e =
      Write("e.json", "[" + Mapping("", "same") + "," + Mapping("", "same") + "]");
  Result<std::vector<EventSourceMapping>> conflict = LoadEventSourceMappingFiles({e});
  ASSERT_FALSE(conflict.ok());
  EXPECT_THAT(conflict.status().message(),
              HasSubstr(e +
                        ": mapping [1] (FunctionName \"same\"): EventSourceArn: The event "
                        "source arn (\" " +
                        std::string(kStreamArn) +
                        " \") and function (\" same \") provided mapping already exists: " + e +
                        ": mapping [0]"));

  Result<std::vector<EventSourceMapping>> missing =
      LoadEventSourceMappingFiles({(dir_ / "missing.json").string()});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            (dir_ / "missing.json").string() + ": cannot read: No such file or directory");
}

}  // namespace
}  // namespace stator::api
