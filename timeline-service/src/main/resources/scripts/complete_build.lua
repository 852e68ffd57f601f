-- Completes a build: adds the IDs, marks the set ready (sentinel '0' at score -1), trims it to max, sets its expiry.
-- ARGV: max, ttl millis, ids...
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i]) end
redis.call('ZADD', KEYS[1], -1, '0')
local excess = redis.call('ZCARD', KEYS[1]) - 1 - tonumber(ARGV[1])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 1, excess) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
