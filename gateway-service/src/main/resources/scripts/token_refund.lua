-- Gives back the token that token_bucket.lua took from KEYS[1] (capacity ARGV[1]), when a request drawing from
-- buckets in several Redis Cluster hash slots was refused by a later one: a refused request takes nothing.
local t = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if t ~= nil then
  redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), t + 1)))
end
return 0
