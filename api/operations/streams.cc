// DynamoDB Streams (DynamoDBStreams_20120810): the log of a table's changes, read shard by shard.
#include "api/codec_streams.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterStreamsOperations(OperationRegistry& r) {
  using D = Database;
  r.Register("ListStreams", Call<DecodeListStreams, &D::ListStreams, EncodeListStreamsResponse>);
  r.Register("DescribeStream",
             Call<DecodeDescribeStream, &D::DescribeStream, EncodeDescribeStreamResponse>);
  r.Register("GetShardIterator",
             Call<DecodeGetShardIterator, &D::GetShardIterator, EncodeGetShardIteratorResponse>);
  r.Register("GetRecords", Call<DecodeGetRecords, &D::GetRecords, EncodeGetRecordsResponse>);
}

}  // namespace stator::api
