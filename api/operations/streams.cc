// DynamoDB Streams (DynamoDBStreams_20120810): the log of a table's changes, read shard by shard.
// Not implemented yet.
#include "api/operations.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterStreamsOperations(OperationRegistry& r) {
  // Until they are implemented they answer as names the API does not have, without a message:
  // that is what they answered before the Streams API had a registry of its own.
  constexpr NotImplementedAnswer kAsBefore = NotImplementedAnswer::kAsUnknownName;
  r.RegisterNotImplemented("ListStreams", kAsBefore);
  r.RegisterNotImplemented("DescribeStream", kAsBefore);
  r.RegisterNotImplemented("GetShardIterator", kAsBefore);
  r.RegisterNotImplemented("GetRecords", kAsBefore);
}

}  // namespace stator::api
