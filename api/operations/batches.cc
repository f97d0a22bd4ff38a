// Batches and transactions: several items, of one or more tables, in one request.
#include "api/codec_batch.h"
#include "api/codec_transact.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterBatchOperations(OperationRegistry& r) {
  using D = Database;
  r.RegisterCachedRead("BatchGetItem",
                       Call<DecodeBatchGetItem, &D::BatchGetItem, EncodeBatchGetItemResponse>);
  r.Register("BatchWriteItem",
             Call<DecodeBatchWriteItem, &D::BatchWriteItem, EncodeBatchWriteItemResponse>);
  r.Register(
      "TransactWriteItems",
      Call<DecodeTransactWriteItems, &D::TransactWriteItems, EncodeTransactWriteItemsResponse>);
  r.Register("TransactGetItems",
             Call<DecodeTransactGetItems, &D::TransactGetItems, EncodeTransactGetItemsResponse>);
}

}  // namespace stator::api
