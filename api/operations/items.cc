// Items: one item at a time, named by its key.
#include "api/codec_item.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {
namespace {

// GetItem through the shared-item path: a cached item's encoding is kept beside it, so a hit
// copies bytes instead of encoding the item again.
Result<std::string> GetItem(const OperationArgs& a) {
  GetItemRequest request;
  STATOR_RETURN_IF_ERROR(DecodeRequest<DecodeGetItem>(a, &request));
  auto response = a.db.GetItemShared(a.ctx.call, request);
  if (!response.ok()) return response.status();
  NoteCache(a, *response);
  return EncodeSharedGetItemResponse(*response);
}

}  // namespace

void RegisterItemOperations(OperationRegistry& r) {
  using D = Database;
  r.Register("PutItem", Call<DecodePutItem, &D::PutItem, EncodeWriteItemResponse>);
  r.RegisterCachedRead("GetItem", GetItem);
  r.Register("DeleteItem", Call<DecodeDeleteItem, &D::DeleteItem, EncodeWriteItemResponse>);
  r.Register("UpdateItem", Call<DecodeUpdateItem, &D::UpdateItem, EncodeWriteItemResponse>);
}

}  // namespace stator::api
