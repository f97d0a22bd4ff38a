-- wrk script: every key among KEYS once, in order, then stop: PutItem (OP=PutItem) loads the
-- table, GetItem (OP=GetItem) reads each key once so that a later GetItem phase hits the cache.
-- Needs one wrk thread (-t 1): the counters live in that thread's Lua state.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua"
local common = require("common")
local op = os.getenv("OP") or "PutItem"
local headers = common.headers(op)
local sent, answered = 0, 0

request = function()
  local key = sent % common.keys
  sent = sent + 1
  local body
  if op == "PutItem" then
    body = string.format('{"TableName":"bench","Item":%s}', common.item(key))
  else
    body = string.format('{"TableName":"bench","Key":{"id":{"S":"user%d"}}}', key)
  end
  return wrk.format("POST", "/", headers, body)
end

response = function(status, headers, body)
  answered = answered + 1
  if status ~= 200 then io.write("status " .. status .. "\n") end
  if answered >= common.keys then wrk.thread:stop() end
end
