-- Token buckets, one per Redis hash {tokens, ts}: KEYS[i] refills continuously at ARGV[2i] tokens per second up to
-- ARGV[2i-1]. A request is allowed only when every bucket it draws from has a token, and then takes one from each:
-- a refused request takes nothing. Uses Redis's clock so that gateway replicas agree.
-- Returns {allowed (1|0), whole tokens left in the tightest bucket, milliseconds until every bucket has a token
-- (0 when allowed), index (1-based) of the tightest bucket}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local tokens = {}
local allowed = 1
local wait = 0
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local t = tonumber(state[1])
  local ts = tonumber(state[2])
  if t == nil or ts == nil then
    t = capacity
    ts = now
  end
  t = math.min(capacity, t + math.max(0, now - ts) * rate / 1000)
  tokens[i] = t
  if t < 1 then
    allowed = 0
    wait = math.max(wait, math.ceil((1 - t) * 1000 / rate))
  end
end

local remaining = nil
local tightest = 1
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  if allowed == 1 then
    tokens[i] = tokens[i] - 1
  end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i]), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(capacity * 1000 / rate) + 1000)
  local left = math.floor(tokens[i])
  if remaining == nil or left < remaining then
    remaining = left
    tightest = i
  end
end
return {allowed, remaining, wait, tightest}
