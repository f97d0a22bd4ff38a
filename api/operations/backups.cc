// Backups, point-in-time recovery, and exports to and imports from S3. On-demand backups and
// point-in-time recovery are answered; exports and imports are not implemented.
#include "api/codec_backups.h"
#include "api/codec_misc.h"
#include "api/codec_table.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterBackupOperations(OperationRegistry& r) {
  using D = Database;
  r.Register("CreateBackup",
             Call<DecodeCreateBackup, &D::CreateBackup, EncodeCreateBackupResponse>);
  r.Register("DescribeBackup",
             Call<DecodeBackupArnRequest, &D::DescribeBackup, EncodeBackupDescriptionResponse>);
  r.Register("ListBackups", Call<DecodeListBackups, &D::ListBackups, EncodeListBackupsResponse>);
  r.Register("DeleteBackup",
             Call<DecodeBackupArnRequest, &D::DeleteBackup, EncodeBackupDescriptionResponse>);
  r.Register("RestoreTableFromBackup",
             Call<DecodeRestoreTableFromBackup, &D::RestoreTableFromBackup,
                  EncodeTableDescriptionResponse>);

  r.Register("DescribeContinuousBackups",
             Call<DecodeTableNameRequest, &D::DescribeContinuousBackups,
                  EncodeDescribeContinuousBackupsResponse>);
  r.Register("UpdateContinuousBackups",
             Call<DecodeUpdateContinuousBackups, &D::UpdateContinuousBackups,
                  EncodeDescribeContinuousBackupsResponse>);
  r.Register("RestoreTableToPointInTime",
             Call<DecodeRestoreTableToPointInTime, &D::RestoreTableToPointInTime,
                  EncodeTableDescriptionResponse>);

  r.RegisterNotImplemented("ExportTableToPointInTime");
  r.RegisterNotImplemented("DescribeExport");
  r.RegisterNotImplemented("ListExports");
  r.RegisterNotImplemented("ImportTable");
  r.RegisterNotImplemented("DescribeImport");
  r.RegisterNotImplemented("ListImports");
}

}  // namespace stator::api
