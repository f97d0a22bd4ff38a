// PartiQL: the same reads and writes spelled as SQL-like statements. Not implemented yet.
#include "api/operations.h"
#include "api/operations/families.h"

namespace stator::api {

void RegisterPartiqlOperations(OperationRegistry& r) {
  r.RegisterNotImplemented("ExecuteStatement");
  r.RegisterNotImplemented("BatchExecuteStatement");
  r.RegisterNotImplemented("ExecuteTransaction");
}

}  // namespace stator::api
