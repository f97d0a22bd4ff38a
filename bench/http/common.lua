-- Shared by the wrk scripts: DynamoDB request headers and a 1 KB item for a key.
local M = {}

M.keys = tonumber(os.getenv("KEYS") or "100000")

function M.headers(operation)
  return {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "DynamoDB_20120810." .. operation,
    ["X-Amz-Date"] = "20260101T000000Z",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
      .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0",
  }
end

local filler = string.rep("x", 94)
function M.item(i)
  local fields = {}
  for f = 0, 9 do
    fields[#fields + 1] = string.format('"field%d":{"S":"%s"}', f, filler)
  end
  return string.format('{"id":{"S":"user%d"},%s}', i, table.concat(fields, ","))
end

return M
