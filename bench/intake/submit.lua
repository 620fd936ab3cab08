-- wrk script for bench/intake: POSTs JSON contributions, each request the next body of a file.
--   wrk -s submit.lua URL -- PATH BODIES_FILE
-- PATH is the request path (/api/calls/2/contributions); BODIES_FILE holds one JSON object a line
-- (generate.py --api-bodies). Each wrk thread starts at a different line and walks the file in a
-- loop, so concurrent requests carry different texts.
local threads = {}
local path, bodies, next_body = "/", {}, 0

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    bodies[#bodies + 1] = line
  end
  if #bodies == 0 then
    error("no bodies in " .. args[2])
  end
  next_body = (thread_number or 0) * 1009
end

function request()
  next_body = next_body + 1
  return wrk.format("POST", path, {["Content-Type"] = "application/json"},
                    bodies[(next_body % #bodies) + 1])
end
