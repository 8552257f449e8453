-- wrk script: landing-page telemetry batches, POST /w/{token}/events, as the page's script sends
-- them: BATCH events (PAUSED, unique ids) per request, over the viewing sessions listed in
-- SESSIONS (one "token sessionId sessionKey" per line, written by TelemetryBenchmark.java).
-- Counts the events the service accepted (its "accepted" answers) and prints the total at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
local batch = tonumber(os.getenv("BATCH") or "50")
local sessions = {}
local threads = {}
local prefix
local n = 0
accepted = 0
errors = 0

for line in io.lines(os.getenv("SESSIONS")) do
  local token, id, key = line:match("^(%S+) (%S+) (%S+)$")
  table.insert(sessions, { path = "/w/" .. token .. "/events", id = id, key = key })
end

setup = function(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  prefix = string.format("b%d-%d-%d", os.time(), thread_number, math.random(1, 1000000000))
end

request = function()
  n = n + 1
  local session = sessions[(n % #sessions) + 1]
  local events = {}
  for i = 1, batch do
    events[i] = string.format('{"id":"%s-%d-%d","type":"PAUSED","timestamp":"2026-11-25T10:00:00Z",'
      .. '"position":0.2,"duration":6.0,"played":[[0, 1.5]]}', prefix, n, i)
  end
  local body = string.format('{"sessionId":"%s","sessionKey":"%s","events":[%s]}',
    session.id, session.key, table.concat(events, ","))
  return wrk.format(nil, session.path, nil, body)
end

response = function(status, headers, body)
  local count = status == 200 and tonumber(body:match('"accepted":(%d+)'))
  if count then
    accepted = accepted + count
  else
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  local total, failed = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("accepted")
    failed = failed + thread:get("errors")
  end
  io.write(string.format("accepted events: %d\nrefused batches: %d\n", total, failed))
end
