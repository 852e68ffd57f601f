-- Adds IDs to a set that exists, then trims it to max (plus its sentinel). ARGV: max, ids... Returns how many were new.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local added = 0
for i = 2, #ARGV do added = added + redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i]) end
local excess = redis.call('ZCARD', KEYS[1]) - 1 - tonumber(ARGV[1])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 1, excess) end
return added
