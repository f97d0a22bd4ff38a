// Reads of many items: Query (one partition, in sort-key order) and Scan (a table or an index).
#include "api/codec_query.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterReadOperations(OperationRegistry& r) {
  using D = Database;
  r.RegisterCachedRead("Query", Call<DecodeQuery, &D::Query, EncodeReadResponse>);
  r.RegisterCachedRead("Scan", Call<DecodeScan, &D::Scan, EncodeReadResponse>);
}

}  // namespace stator::api
