-- wrk script: POST /api/v1/handoffs as Genesys Architect would, one new call per request
-- (unique conversation id), SMS path (mobile_app with a phone number).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. (os.getenv("WEBHOOK_BASIC") or "YXJjaGl0ZWN0OmxvY2FsLWRldi1wYXNzd29yZA==")
local prefix
local n = 0

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  prefix = string.format("bench-%d-%d", os.time(), math.random(1, 1000000000))
end

request = function()
  n = n + 1
  local body = string.format(
    '{"conversationId":"%s-%d","participantId":"part-1","phoneNumber":"+14155550100","deviceType":"mobile_app",'
    .. '"hasVideoCapability":false,"assetId":"welcome/welcome.mp4"}', prefix, n)
  return wrk.format(nil, nil, nil, body)
end

dofile("bench/pacing.lua")
