-- The pages of ops/soak in turn, one request each: the file named after "--" holds one "cookie<TAB>path" a line
-- (an empty cookie: the public page, no login). The report line is ops/bench-pages.lua's.
dofile("ops/bench-pages.lua")
local requests, turn = {}, 0
function init(args)
  for line in io.lines(args[1]) do
    local cookie, path = line:match("^([^\t]*)\t(.*)$")
    table.insert(requests, wrk.format("GET", path, cookie ~= "" and { Cookie = cookie } or {}))
  end
end
function request()
  turn = turn % #requests + 1
  return requests[turn]
end
