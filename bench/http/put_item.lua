-- wrk script: PutItem of 1 KB items, keys cycling through KEYS (so a run also loads the table).
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua"
local common = require("common")
local counter = 0
local headers = common.headers("PutItem")

request = function()
  counter = counter + 1
  local body = '{"TableName":"bench","Item":' .. common.item(counter % common.keys) .. '}'
  return wrk.format("POST", "/", headers, body)
end
