"""The Lua scripts behind the shared endpoint state: each decision is one atomic step.

Every script reads the time from Redis (``TIME``), never from the caller, so workers on
machines whose clocks disagree still agree on when a breaker reopens or a lease ends.
All times are milliseconds. Keys per endpoint (see :mod:`lanes.endpoint.shared`):

- ``breaker``: a hash with ``open_until`` while the breaker is open or half-open;
- ``fails``: a sorted set of recent failures (score: when);
- ``probe``: the half-open probe token, held by the one worker sending the probe;
- ``slots``: a sorted set of requests in flight (member: worker and call, score: when
  its lease ends); an expired lease is a worker that died;
- ``burst``: present while a deep ingest holds or awaits the endpoint.
"""

from __future__ import annotations

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: breaker, probe, fails. ARGV: token, probe_ttl_ms.
# 1 closed and clean, 3 closed with recent failures, 2 the caller holds the probe,
# 0 refused (open, or half-open with the probe taken).
ALLOW = (
    _NOW
    + """
local open_until = tonumber(redis.call('HGET', KEYS[1], 'open_until'))
if not open_until then
  if redis.call('EXISTS', KEYS[3]) == 1 then return 3 end
  return 1
end
if now < open_until then return 0 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 2 end
return 0
"""
)

# KEYS: breaker, fails, probe. ARGV: member, window_ms, threshold, cooldown_ms, open_now.
# Opens on the Nth failure in the window, at once when told (OOM, hang, Retry-After),
# or on any failure while open or half-open (the probe failed). 0 if it stays closed;
# else where it opened from: 1 closed, 2 half-open, 3 open (its cooldown starts again).
FAILURE = (
    _NOW
    + """
local window = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
redis.call('PEXPIRE', KEYS[2], window)
local open_until = tonumber(redis.call('HGET', KEYS[1], 'open_until'))
if ARGV[5] == '1' or open_until or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  local cooldown = tonumber(ARGV[4])
  redis.call('HSET', KEYS[1], 'open_until', now + cooldown)
  redis.call('PEXPIRE', KEYS[1], cooldown + 86400000)
  redis.call('DEL', KEYS[3])
  if not open_until then return 1 end
  if now >= open_until then return 2 end
  return 3
end
return 0
"""
)

# KEYS: slots, burst. ARGV: member, lease_ms, max_parallel, inside_burst.
# 1 taken, 0 every slot is taken, -1 a burst holds or awaits the endpoint.
ENTER = (
    _NOW
    + """
if ARGV[4] ~= '1' and redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease * 2)
return 1
"""
)

# KEYS: slots, breaker, fails, probe. ARGV: member, succeeded.
# Frees the caller's slot; a success also closes the breaker (one round trip for both).
# What the success closed: 0 nothing (it was closed), 1 half-open, 2 open (a forced probe).
LEAVE = (
    _NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] ~= '1' then return 0 end
local open_until = tonumber(redis.call('HGET', KEYS[2], 'open_until'))
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
if not open_until then return 0 end
if now >= open_until then return 1 end
return 2
"""
)

# KEYS: slots. ARGV: lease_ms, member. Extends a lease still held; 0 if it was lost.
RENEW = (
    _NOW
    + """
local lease = tonumber(ARGV[1])
local renewed = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + lease, ARGV[2])
redis.call('PEXPIRE', KEYS[1], lease * 2)
return renewed
"""
)

# KEYS: burst, slots. ARGV: holder, lease_ms.
# Takes (or renews) the burst gate; then the number of other requests still in flight.
# -1: another holder has it.
BURST = (
    _NOW
    + """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
return redis.call('ZCARD', KEYS[2])
"""
)

# KEYS: burst. ARGV: holder. Frees the gate only if this holder still has it.
BURST_END = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# KEYS: breaker, probe, fails, slots, burst.
# {ms until the breaker reopens (-1 closed), probe taken, failures, in flight, burst}.
VIEW = (
    _NOW
    + """
local open_until = tonumber(redis.call('HGET', KEYS[1], 'open_until'))
local reopens = -1
if open_until then reopens = math.max(open_until - now, 0) end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
return {reopens, redis.call('EXISTS', KEYS[2]), redis.call('ZCARD', KEYS[3]),
        redis.call('ZCARD', KEYS[4]), redis.call('EXISTS', KEYS[5])}
"""
)
