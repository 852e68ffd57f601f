-- tweet-service's counts cache (tweets.EngagementCache): after a counter of the tweet changed in Cassandra, raises its
-- version (so that fills of counts read before the change are refused: fill_counts.lua) and drops its entry.
-- KEYS: the entry, the version; ARGV: how long the version is kept, in ms. Returns the new version.
local version = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return version
