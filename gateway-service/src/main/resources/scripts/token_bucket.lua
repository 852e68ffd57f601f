-- One token bucket per Redis hash: {tokens, ts}. Refills continuously at ARGV[2] tokens per second up to
-- ARGV[1], then takes one token if there is one. Uses Redis's clock so that gateway replicas agree.
-- Returns {allowed (1|0), whole tokens left, milliseconds until a token is available (0 when allowed)}.
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end

tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)

local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end

redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, math.floor(tokens), wait}
