-- Fan-out delivery of one tweet to a slice of home timelines (home.SortedIdSets explains the contract).
-- KEYS: the sets; ARGV: max, trimAbove, id, message, then one channel per key (sharded: in its key's slot).
-- Returns 1 or 0 per key.
local max = tonumber(ARGV[1])
local trimAbove = tonumber(ARGV[2])
local id = ARGV[3]
local out = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  out[i] = 0
  local size = redis.call('ZCARD', key)
  if size > 0 and redis.call('ZADD', key, id, id) == 1 then
    local kept = true
    if size > trimAbove then
      redis.call('ZREMRANGEBYRANK', key, 1, size - max)
      kept = redis.call('ZSCORE', key, id) ~= false
    end
    if kept then
      redis.call('SPUBLISH', ARGV[4 + i], ARGV[4])
      out[i] = 1
    end
  end
end
return out
