// What the generated shape check (api/shape_check.h) adds to the decoding of a request, which
// every request over HTTP pays.
//
// For GetItem, PutItem (a 10-attribute item) and Query bodies:
//   BM_Decode<Op>: parse the body and decode it, as before the shape check existed;
//   BM_DecodeAndCheck<Op>: the same followed by CheckRequestShape, as a request now pays;
//   BM_Check<Op>: CheckRequestShape alone, on a body parsed once.
// The difference between the first two is the check's cost on the request path.
#include <benchmark/benchmark.h>

#include <string>

#include "api/codec_item.h"
#include "api/codec_query.h"
#include "api/json_reader.h"
#include "api/shape_check.h"

namespace stator::api {
namespace {

constexpr std::string_view kGetItem = R"({"TableName":"bench","Key":{"pk":{"S":"user42"}}})";
constexpr std::string_view kPutItem =
    R"({"TableName":"bench","Item":{"pk":{"S":"user42"},"a1":{"S":"some text"},)"
    R"("a2":{"N":"12345"},"a3":{"BOOL":true},"a4":{"SS":["x","y"]},"a5":{"L":[{"S":"l"}]},)"
    R"("a6":{"M":{"k":{"S":"v"}}},"a7":{"S":"more text here"},"a8":{"N":"-1.5"},)"
    R"json("a9":{"NULL":true}},"ConditionExpression":"attribute_not_exists(pk)",)json"
    R"("ReturnValues":"NONE"})";
constexpr std::string_view kQuery =
    R"({"TableName":"bench","IndexName":"by_date","KeyConditionExpression":"pk = :p",)"
    R"("ExpressionAttributeValues":{":p":{"S":"user42"}},"Limit":10,"ScanIndexForward":false,)"
    R"("ReturnConsumedCapacity":"TOTAL"})";

template <class Request, auto kDecode>
void Decode(benchmark::State& state, std::string_view body, bool check, std::string_view op) {
  for (auto _ : state) {
    simdjson::dom::object obj;
    Status parsed = ParseBody(body, &obj);
    Request request;
    Status st = kDecode(obj, &request);
    if (check && st.ok()) st = CheckRequestShape(op, obj);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(parsed);
  }
}

void CheckOnly(benchmark::State& state, std::string_view body, std::string_view op) {
  simdjson::dom::object obj;
  if (!ParseBody(body, &obj).ok()) state.SkipWithError("bad body");
  for (auto _ : state) {
    Status st = CheckRequestShape(op, obj);
    benchmark::DoNotOptimize(st);
  }
}

void BM_DecodeGetItem(benchmark::State& s) {
  Decode<GetItemRequest, DecodeGetItem>(s, kGetItem, false, "GetItem");
}
void BM_DecodeAndCheckGetItem(benchmark::State& s) {
  Decode<GetItemRequest, DecodeGetItem>(s, kGetItem, true, "GetItem");
}
void BM_CheckGetItem(benchmark::State& s) { CheckOnly(s, kGetItem, "GetItem"); }
void BM_DecodePutItem(benchmark::State& s) {
  Decode<PutItemRequest, DecodePutItem>(s, kPutItem, false, "PutItem");
}
void BM_DecodeAndCheckPutItem(benchmark::State& s) {
  Decode<PutItemRequest, DecodePutItem>(s, kPutItem, true, "PutItem");
}
void BM_CheckPutItem(benchmark::State& s) { CheckOnly(s, kPutItem, "PutItem"); }
void BM_DecodeQuery(benchmark::State& s) {
  Decode<QueryRequest, DecodeQuery>(s, kQuery, false, "Query");
}
void BM_DecodeAndCheckQuery(benchmark::State& s) {
  Decode<QueryRequest, DecodeQuery>(s, kQuery, true, "Query");
}
void BM_CheckQuery(benchmark::State& s) { CheckOnly(s, kQuery, "Query"); }

BENCHMARK(BM_DecodeGetItem);
BENCHMARK(BM_DecodeAndCheckGetItem);
BENCHMARK(BM_CheckGetItem);
BENCHMARK(BM_DecodePutItem);
BENCHMARK(BM_DecodeAndCheckPutItem);
BENCHMARK(BM_CheckPutItem);
BENCHMARK(BM_DecodeQuery);
BENCHMARK(BM_DecodeAndCheckQuery);
BENCHMARK(BM_CheckQuery);

}  // namespace
}  // namespace stator::api
