-- wrk script: GET /api/v1/ping, the trivial authenticated endpoint of the same app (the baseline).
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_KEY") or "local-dev-key")
dofile("bench/pacing.lua")
