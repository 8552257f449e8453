-- wrk script: POST /api/v1/media/sign-video-url, optionally paced (DELAY_MS: bench/pacing.lua).
-- SESSIONS=200 (the default): 200 rotating caller sessions (an IVR prompt repeated per caller:
-- mostly answers from the in-memory cache); SESSIONS=unique: a new session on every request,
-- as real IVR traffic is (one session per call: every answer a fresh presign).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_KEY") or "local-dev-key")
local sessions = os.getenv("SESSIONS") or "200"
-- Each run its own sessions, so an earlier run's cache entries are never hit.
local run = tostring(os.time())
local n = 0

request = function()
  n = n + 1
  local session = sessions == "unique" and (run .. "-" .. n) or tostring(n % tonumber(sessions))
  local body = string.format(
    '{"asset_id":"welcome/welcome.mp4","expiration_seconds":300,"session_token":"bench-session-%s"}', session)
  return wrk.format(nil, nil, nil, body)
end

dofile("bench/pacing.lua")
