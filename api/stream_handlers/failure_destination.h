// JsonLinesFailureDestination: a mapping's on-failure destination
// (DestinationConfig.OnFailure.Destination) as a local file of JSON lines, one per batch given
// up on, each in the shape of Lambda's on-failure invocation record for a DynamoDB stream
// (Lambda's "Error handling" for DynamoDB event sources):
//   {"requestContext": {"requestId", "functionArn", "condition", "approximateInvokeCount"},
//    "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError"},
//    "version": "1.0", "timestamp": "2019-11-14T00:13:49.717Z",
//    "DDBStreamBatchInfo": {"shardId", "startSequenceNumber", "endSequenceNumber",
//      "approximateArrivalOfFirstRecord": "2019-11-14T00:13:19Z",
//      "approximateArrivalOfLastRecord", "batchSize", "streamArn"}}
// As in Lambda's record, the records themselves are not included (read them from the stream by
// their sequence numbers while they last), and "functionError": "Unhandled" is present only when
// the last invocation failed (not when it succeeded but reported failed items).
//
// Thread safety: Write may be called from any number of threads at once; each line is appended
// whole, under a lock, with one write(2), so it has reached the operating system when Write
// returns (and the disk too with `sync`).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "stator/event_source_mapping.h"
#include "stator/status.h"

namespace stator::api {

// One invocation record, without its newline. `request_id` is the record's
// requestContext.requestId.
std::string EncodeOnFailureRecord(const StreamFailure& failure, std::string_view request_id);

// The file a destination names: "file:///abs/path" or a plain path (relative to the working
// directory, made absolute). A ValidationException for another URI, an ARN (Stator has no SQS
// or SNS), or a file: URI whose path is not absolute.
Result<std::string> FailureDestinationPath(std::string_view destination);

class JsonLinesFailureDestination final : public FailureDestination {
 public:
  // Opens the destination's file for appending, creating it (mode 0644) if need be; with `sync`
  // each line is also flushed to disk (fdatasync) before Write returns. A ValidationException
  // naming the file when it cannot be opened.
  static Result<std::shared_ptr<JsonLinesFailureDestination>> Open(std::string_view destination,
                                                                   bool sync = false);
  ~JsonLinesFailureDestination() override;
  JsonLinesFailureDestination(const JsonLinesFailureDestination&) = delete;
  JsonLinesFailureDestination& operator=(const JsonLinesFailureDestination&) = delete;

  // Appends the failure's record with a fresh requestId. A write that fails is reported on the
  // server's standard error; the record is lost (the mapping's counters still count it).
  void Write(const StreamFailure& failure) override;

  const std::string& path() const { return path_; }

 private:
  JsonLinesFailureDestination(std::string path, int fd, bool sync);

  const std::string path_;
  const int fd_;
  const bool sync_;
  std::mutex mu_;  // one line at a time
};

}  // namespace stator::api
