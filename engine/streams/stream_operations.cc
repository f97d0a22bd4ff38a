// The DynamoDB Streams operations of the engine: ListStreams, DescribeStream, GetShardIterator,
// GetRecords.
#include "engine/engine_database.h"

namespace stator::engine {

Result<ListStreamsResponse> EngineDatabase::ListStreams(const CallOptions&,
                                                        const ListStreamsRequest&) {
  return ListStreamsResponse{};
}

Result<DescribeStreamResponse> EngineDatabase::DescribeStream(const CallOptions&,
                                                              const DescribeStreamRequest&) {
  return Status::NotFound("Requested resource not found: Stream not found");
}

Result<GetShardIteratorResponse> EngineDatabase::GetShardIterator(
    const CallOptions&, const GetShardIteratorRequest&) {
  return Status::NotFound("Requested resource not found: Stream not found");
}

Result<GetRecordsResponse> EngineDatabase::GetRecords(const CallOptions&,
                                                      const GetRecordsRequest&) {
  return Status::NotFound("Requested resource not found: Stream not found");
}

}  // namespace stator::engine
