-- wrk script: GET /api/v1/ping, the trivial authenticated endpoint of the same app (the baseline).
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_KEY") or "local-dev-key")
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  delay = function() return delay_ms end
end
