-- wrk script: POST /api/v1/media/sign-video-url for 200 rotating caller sessions (an IVR prompt
-- repeated per caller), optionally paced with DELAY_MS between requests per connection.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_KEY") or "local-dev-key")
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local n = 0

request = function()
  n = n + 1
  local body = string.format(
    '{"asset_id":"welcome/welcome.mp4","expiration_seconds":300,"session_token":"bench-session-%d"}', n % 200)
  return wrk.format(nil, nil, nil, body)
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end
