-- tweet-service's counts cache (tweets.EngagementCache): fills entries read from Cassandra, but only where no entry is
-- there and the tweet's counts version is still the one the reader saw before its read. A change raises the version
-- (counts_changed.lua) after Cassandra has it, so a count read before a change is never put back after it.
-- KEYS: entry 1, version 1, entry 2, version 2, ...; ARGV: TTL in ms, then value 1, version seen 1, value 2, ...
-- ("0" = no version key). Returns the number of entries filled.
local filled = 0
for i = 1, #KEYS, 2 do
  if (redis.call('GET', KEYS[i + 1]) or '0') == ARGV[i + 2] then
    if redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[1], 'NX') then
      filled = filled + 1
    end
  end
end
return filled
