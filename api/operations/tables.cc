// Tables: their lifecycle, their time to live, and their replicas in other regions (global
// tables, not implemented yet).
#include "api/codec_misc.h"
#include "api/codec_table.h"
#include "api/codec_ttl.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterTableOperations(OperationRegistry& r) {
  using D = Database;
  r.Register("CreateTable",
             Call<DecodeCreateTable, &D::CreateTable, EncodeTableDescriptionResponse>);
  r.Register("DescribeTable",
             Call<DecodeDescribeTable, &D::DescribeTable, EncodeDescribeTableResponse>);
  r.Register("UpdateTable",
             Call<DecodeUpdateTable, &D::UpdateTable, EncodeTableDescriptionResponse>);
  r.Register("DeleteTable",
             Call<DecodeDeleteTable, &D::DeleteTable, EncodeTableDescriptionResponse>);
  r.Register("ListTables", Call<DecodeListTables, &D::ListTables, EncodeListTablesResponse>);

  r.Register(
      "DescribeTimeToLive",
      Call<DecodeTableNameRequest, &D::DescribeTimeToLive, EncodeDescribeTimeToLiveResponse>);
  r.Register("UpdateTimeToLive",
             Call<DecodeUpdateTimeToLive, &D::UpdateTimeToLive, EncodeUpdateTimeToLiveResponse>);

  r.RegisterNotImplemented("CreateGlobalTable");
  r.RegisterNotImplemented("DescribeGlobalTable");
  r.RegisterNotImplemented("DescribeGlobalTableSettings");
  r.RegisterNotImplemented("ListGlobalTables");
  r.RegisterNotImplemented("UpdateGlobalTable");
  r.RegisterNotImplemented("UpdateGlobalTableSettings");
  r.RegisterNotImplemented("DescribeTableReplicaAutoScaling");
  r.RegisterNotImplemented("UpdateTableReplicaAutoScaling");
}

}  // namespace stator::api
