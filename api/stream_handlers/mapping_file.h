// Event source mapping files: the server's --event-source-mappings FILE, a JSON array of
// mappings, each written as Lambda's CreateEventSourceMapping request is (its field names,
// ranges, defaults and refusals) plus Stator's own fields:
//   EventSourceArn (a stream ARN) or TableName (the table's current stream, a local
//   convenience), FunctionName, UUID (the mapping's identity, under which its checkpoint is
//   kept), Enabled, BatchSize, MaximumBatchingWindowInSeconds, StartingPosition (TRIM_HORIZON or
//   LATEST; AT_TIMESTAMP is refused, as Lambda refuses it for a DynamoDB stream),
//   MaximumRetryAttempts, MaximumRecordAgeInSeconds, BisectBatchOnFunctionError,
//   ParallelizationFactor, FilterCriteria, FunctionResponseTypes, TumblingWindowInSeconds,
//   DestinationConfig.OnFailure.Destination (a local file: file:///abs/path or a path), Timeout
//   (the function's, seconds, 1..900, default 3), and
//   Handler: {"Command": ["prog", "arg", ...]} or {"Url": "http://127.0.0.1:PORT/path"}.
// As in Lambda, FunctionName and StartingPosition are required. Unknown fields are refused, so a
// misspelt option cannot silently fall back to its default.
//
// Each mapping comes out as an EventSourceMapping with its handler (CommandHandler or
// UrlHandler), its filter (FilterCriteriaFilter) and its on-failure destination
// (JsonLinesFailureDestination) built, ready for Options::event_source_mappings; the engine
// checks them again when the database opens. A mapping that is not valid makes the whole load
// fail with a ValidationException whose message names the file, the mapping (its index in the
// file and its FunctionName) and the field, in Lambda's words where Lambda has words for it:
//   orders.json: mapping [1] (FunctionName "audit"): BatchSize: 1 validation error detected:
//   Value '20000' at 'batchSize' failed to satisfy constraint: Member must have value less than
//   or equal to 10000
//
// Thread safety: the functions may be called from any thread; each call is independent.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/stream_handlers/command_handler.h"
#include "stator/clock.h"
#include "stator/event_source_mapping.h"
#include "stator/status.h"

namespace stator::api {

// Lambda's words for what it refuses a DynamoDB stream mapping.
inline constexpr std::string_view kUnsupportedStartingPosition =
    "Unsupported starting position for arn type: ";
inline constexpr std::string_view kUnsupportedDestinationConfig =
    "Unsupported DestinationConfig parameter for given event source mapping type.";

struct MappingFileOptions {
  // The database's clock, on which the handlers read their invocations' deadlines.
  // Default: Clock::System()
  std::shared_ptr<Clock> clock = Clock::System();

  // Command handlers' options (their clock is replaced by `clock`).
  // Default: CommandHandlerOptions{}
  CommandHandlerOptions command;

  // On-failure destinations flush each line to disk (the server's --sync).
  // Default: false
  bool sync = false;
};

// Parses the text of one file; `file_name` names it in messages.
Result<std::vector<EventSourceMapping>> ParseEventSourceMappingFile(
    std::string_view json, std::string_view file_name, const MappingFileOptions& options = {});

// Reads and parses the files in order, then checks them together: a UUID given to two mappings,
// or two mappings of one function on one stream (Lambda's ResourceConflictException), fail the
// load. Mappings whose destinations name the same file share one writer.
Result<std::vector<EventSourceMapping>> LoadEventSourceMappingFiles(
    const std::vector<std::string>& paths, const MappingFileOptions& options = {});

}  // namespace stator::api
