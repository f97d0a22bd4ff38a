// Event source mappings: local handlers fed by a table's stream, as AWS Lambda's event source
// mappings feed functions. A mapping names a stream (or a table, whose current stream it
// follows across disabling and enabling), how to batch its records, and what to do when the
// handler fails; Stator reads the stream in the background and invokes the handler with
// Lambda's delivery guarantees: at least once, in order per shard, each mapping's position
// checkpointed durably after every successful batch.
//
// Field names, ranges and defaults are those of Lambda's CreateEventSourceMapping request.
// The embedded library takes mappings in Options::event_source_mappings with a C++ handler; the
// server reads them from JSON files (--event-source-mappings) with a command or a URL as the
// handler.
//
// Thread safety: a handler is invoked from Stator's consumer threads, one invocation at a time
// per mapping when its ParallelizationFactor is 1 (the default) and up to that many at once
// otherwise; it need not be thread-safe unless it is shared or parallelized.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stator/streams.h"

namespace stator {

// A tumbling window's part of an event (TumblingWindowInSeconds > 0). Windows are aligned to
// multiples of their length since the epoch; a record belongs to the window of its
// ApproximateCreationDateTime, and a batch holds records of one window only.
struct TumblingWindow {
  int64_t start_micros = 0;
  int64_t end_micros = 0;
  // What the function returned as `state` for this window so far (JSON object text); "{}" at
  // the window's start.
  std::string state = "{}";
  // The window has ended: this invocation carries no records, only the final state. Its
  // success closes the window and drops the state.
  bool is_final_invoke = false;
  // The state outgrew 1 MB: the window ends early (a final invocation), then goes on with a
  // fresh state.
  bool terminated_early = false;
};

// What a handler is given: a batch of records of one shard, oldest first.
struct StreamHandlerEvent {
  std::string event_source_arn;  // the stream's ARN (each Lambda record carries it too)
  std::string shard_id;
  std::vector<Record> records;
  std::optional<TumblingWindow> window;  // with TumblingWindowInSeconds only
};

// Who is invoked and how long it may take.
struct StreamInvocation {
  std::string request_id;       // a new UUID per invocation (Lambda's awsRequestId)
  std::string function_name;    // the mapping's FunctionName
  int64_t deadline_micros = 0;  // on the database's clock: the handler's timeout
};

// The handler's answer. A failure (an error, a timeout, an unparsable response) makes the batch
// be retried; with ReportBatchItemFailures, `batch_item_failures` (sequence numbers) makes the
// retry start at the lowest of them (without it they are ignored, as Lambda ignores them).
struct StreamHandlerResponse {
  bool failed = false;
  std::string error;  // why it failed, for the on-failure record and the mapping's status
  std::vector<std::string> batch_item_failures;
  // The window's state (JSON object text) to give the next invocation of the window. Required
  // with a tumbling window: a response without it is a failure, as in Lambda.
  std::optional<std::string> state;
};

// Lambda's words for an invocation that outlived its timeout: "Task timed out after 3.00
// seconds", the seconds being the time the function was given.
std::string TaskTimedOutMessage(double seconds);

class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  // Invokes the function on one batch. Must return: Stator cannot stop a C++ handler, so one
  // that may take long should watch `invocation.deadline_micros` (the command and URL handlers
  // stop their process or request there). An answer that comes after the deadline is a
  // timeout, a failure, whatever it says, as in Lambda.
  virtual StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                                       const StreamInvocation& invocation) = 0;
};

// Decides whether a record is delivered (Lambda's FilterCriteria); records no filter matches
// are skipped and never delivered.
class RecordFilter {
 public:
  virtual ~RecordFilter() = default;
  virtual bool Matches(const Record& record, const std::string& event_source_arn) const = 0;
};

// Lambda's on-failure invocation record for a stream source: a batch given up on after its
// retries or its records' age ran out.
struct StreamFailure {
  std::string request_id;  // the last invocation's
  std::string mapping_uuid;
  std::string function_name;
  std::string event_source_arn;
  std::string shard_id;
  std::string start_sequence_number;
  std::string end_sequence_number;
  int64_t batch_size = 0;
  double approximate_arrival_of_first_record = 0;  // epoch seconds
  double approximate_arrival_of_last_record = 0;
  int64_t approximate_invoke_count = 0;
  std::string condition;  // "RetryAttemptsExhausted" | "RecordAgeExceeded"
  // The last invocation's error; empty when the function returned and only reported failed
  // items (Lambda's record then has no functionError).
  std::string error;
  double timestamp = 0;  // epoch seconds
};

class FailureDestination {
 public:
  virtual ~FailureDestination() = default;
  virtual void Write(const StreamFailure& failure) = 0;
};

enum class StartingPosition : unsigned char { kTrimHorizon, kLatest };

struct EventSourceMapping {
  // Identity: Lambda's UUID. Its checkpoint is kept under it, so it must stay the same across
  // restarts for delivery to resume where it stopped. Default: derived from the source and the
  // function name.
  std::string uuid;
  std::string function_name;  // Default: "handler"

  // The source: a stream ARN, or (a local convenience) a table whose current stream is followed.
  std::string event_source_arn;
  std::string table_name;

  bool enabled = true;
  int64_t batch_size = 100;                     // 1..10,000
  int64_t maximum_batching_window_seconds = 0;  // 0..300
  StartingPosition starting_position = StartingPosition::kTrimHorizon;
  int64_t maximum_retry_attempts = -1;      // -1 (until the records expire) .. 10,000
  int64_t maximum_record_age_seconds = -1;  // -1, or 60..604,800
  bool bisect_batch_on_function_error = false;
  int64_t parallelization_factor = 1;       // 1..10
  bool report_batch_item_failures = false;  // FunctionResponseTypes
  int64_t tumbling_window_seconds = 0;      // 0..900
  double timeout_seconds = 3;               // the function's Timeout, Lambda's default

  std::shared_ptr<StreamHandler> handler;
  std::shared_ptr<const RecordFilter> filter;      // null: every record
  std::shared_ptr<FailureDestination> on_failure;  // null: failures are only counted
};

// A mapping's state as Lambda's GetEventSourceMapping reports it, with Stator's counters.
struct EventSourceMappingStatus {
  std::string uuid;
  std::string function_name;
  std::string event_source_arn;  // the stream being read now ("" before one exists)
  std::string table_name;
  std::string state;                   // "Enabled" | "Disabled"
  std::string last_processing_result;  // "No records processed" | "OK" | "PROBLEM: ..."
  int64_t batch_size = 0;
  int64_t invocations = 0;
  int64_t records_delivered = 0;
  int64_t records_filtered = 0;
  int64_t failed_invocations = 0;
  int64_t batches_sent_to_failure_destination = 0;
  // Age of the newest record delivered when it was delivered (Lambda's IteratorAge), ms.
  int64_t iterator_age_ms = 0;
};

}  // namespace stator
