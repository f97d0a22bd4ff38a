-- wrk script: GetItem of uniformly random keys among KEYS.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua"
local common = require("common")
local headers = common.headers("GetItem")

request = function()
  local body = string.format('{"TableName":"bench","Key":{"id":{"S":"user%d"}}}',
                             math.random(0, common.keys - 1))
  return wrk.format("POST", "/", headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect
                                                       + summary.errors.read + summary.errors.write
                                                       + summary.errors.timeout))
end
