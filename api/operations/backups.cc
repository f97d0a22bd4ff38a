// Backups, point-in-time recovery, and exports to and imports from S3. Only the description of a
// table's continuous backups is answered yet.
#include "api/codec_misc.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterBackupOperations(OperationRegistry& r) {
  using D = Database;
  r.RegisterNotImplemented("CreateBackup");
  r.RegisterNotImplemented("DescribeBackup");
  r.RegisterNotImplemented("ListBackups");
  r.RegisterNotImplemented("DeleteBackup");
  r.RegisterNotImplemented("RestoreTableFromBackup");

  r.Register("DescribeContinuousBackups",
             Call<DecodeTableNameRequest, &D::DescribeContinuousBackups,
                  EncodeDescribeContinuousBackupsResponse>);
  r.RegisterNotImplemented("UpdateContinuousBackups");
  r.RegisterNotImplemented("RestoreTableToPointInTime");

  r.RegisterNotImplemented("ExportTableToPointInTime");
  r.RegisterNotImplemented("DescribeExport");
  r.RegisterNotImplemented("ListExports");
  r.RegisterNotImplemented("ImportTable");
  r.RegisterNotImplemented("DescribeImport");
  r.RegisterNotImplemented("ListImports");
}

}  // namespace stator::api
