-- Pacing for the wrk scripts (dofile'd): with DELAY_MS set, each connection waits a random gap
-- averaging DELAY_MS after each answer (exponential: independent callers, a Poisson stream), not
-- a fixed DELAY_MS, which keeps all connections in lockstep after any pause and sends them
-- back together.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
if delay_ms > 0 then
  delay = function() return math.floor(-delay_ms * math.log(1 - math.random())) end
end
