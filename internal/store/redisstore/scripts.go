package redisstore

import "github.com/redis/go-redis/v9"

// The scripts address keys they build themselves from the generation
// they read (see doc.go), which a single Redis (or a primary with
// replicas) runs as declared; a Redis Cluster, which needs every key
// declared, is not supported.

// prelude: ARGV[1] is the prefix; base is the current generation's, and
// ck(c) the base of collection c's keys (mirrored by Store.colBase).
const prelude = `
local P = ARGV[1]
local G = redis.call('GET', P .. 'gen') or '0'
local base = P .. G .. ':'
local function ck(c) return base .. 'c:' .. #c .. ':' .. c .. ':' end
local function be8(n)
  local t = {}
  for i = 8, 1, -1 do t[i] = string.char(n % 256); n = math.floor(n / 256) end
  return table.concat(t)
end
local function rec(seq, ver, hidden, json)
  return string.format('%d %d %d ', seq, ver, hidden) .. json
end
-- nextVersions reserves n versions and returns the last. A counter that
-- starts again (a Redis emptied while replicas ran: restarted without
-- persistence, flushed) starts from the time in microseconds, past every
-- version it issued before, which replicas may still hold in their
-- record caches (cache.go): Redis issues far fewer than one version per
-- microsecond.
local function nextVersions(n)
  local v = redis.call('INCRBY', P .. 'ctr', n)
  if v == n then
    local t = redis.call('TIME')
    v = tonumber(t[1]) * 1000000 + tonumber(t[2]) + n
    redis.call('SET', P .. 'ctr', string.format('%.0f', v))
  end
  return v
end
-- ready: collection c exists and no one is seeding it.
local function ready(c, k)
  return redis.call('SISMEMBER', base .. 'cols', c) == 1 and redis.call('EXISTS', k .. 'lock') == 0
end
-- read: the record id of collection base k, or '=' when its version is
-- known (the caller holds that version), or nil.
local function read(k, id, known)
  local r = redis.call('HGET', k .. 'o', id)
  if r and known ~= '' and string.match(r, '^%d+ (%d+) ') == known then return '=' end
  return r
end
local function orderState(k)
  local out = {'ov', redis.call('GET', k .. 'ov') or '0'}
  for _, n in ipairs(redis.call('SMEMBERS', k .. 'os')) do out[#out + 1] = n end
  return out
end
`

func script(body string) *redis.Script { return redis.NewScript(prelude + body) }

// getScript: ARGV C, id, version held (” none) -> the record, '=' (the
// version held is current) or nil.
var getScript = script(`
return read(ck(ARGV[2]), ARGV[3], ARGV[4])
`)

// peekGetScript: ARGV C, id, version held -> {0} (the collection is not
// ready), {1} (no such object) or {1, record or '='}.
var peekGetScript = script(`
local c = ARGV[2]
local k = ck(c)
if not ready(c, k) then return {0} end
return {1, read(k, ARGV[3], ARGV[4])}
`)

// pageScript: ARGV C, order name (” creation order), start, stop, peek
// (1: only if the collection is ready), the write token of the page held
// (” none), then (id, version held) pairs -> {total, token, id1, rec1 or
// '=' when its version is the one held, ...}; {-3} when the token held is
// current (nothing was written in the collection since: the page held is
// the page); {-1} when the collection exists and the order has no index
// yet; {-2} when peeking and the collection is not ready. The token is
// the generation and the collection's w (the version of its last write,
// unique: see the writes), so that an equal token is the same content.
var pageScript = script(`
local c, name = ARGV[2], ARGV[3]
local start, stop = tonumber(ARGV[4]), tonumber(ARGV[5])
local k = ck(c)
if ARGV[6] == '1' and not ready(c, k) then return {-2} end
if redis.call('SISMEMBER', base .. 'cols', c) == 0 then return {0, ''} end
local token = G .. ':' .. (redis.call('GET', k .. 'w') or '0')
if token == ARGV[7] then return {-3} end
local out
local members
if name == '' then
  out = {redis.call('ZCARD', k .. 'v'), token}
  if stop < start then return out end
  members = redis.call('ZRANGE', k .. 'v', ARGV[4], ARGV[5])
else
  if redis.call('SISMEMBER', k .. 'os', name) == 0 then return {-1} end
  out = {redis.call('ZCARD', k .. 's:' .. name), token}
  if stop < start then return out end
  members = redis.call('ZRANGE', k .. 's:' .. name, ARGV[4], ARGV[5])
  for i, m in ipairs(members) do
    local p = string.find(m, '\0\1', 1, true)
    members[i] = string.sub(m, p + 10)
  end
end
local held = {}
for i = 8, #ARGV, 2 do held[ARGV[i]] = ARGV[i + 1] end
-- HMGET in chunks: unpack is bounded by Lua's C stack.
for i = 1, #members, 1000 do
  local last = math.min(i + 999, #members)
  local recs = redis.call('HMGET', k .. 'o', unpack(members, i, last))
  for j = i, last do
    local id, r = members[j], recs[j - i + 1]
    if r and held[id] and string.match(r, '^%d+ (%d+) ') == held[id] then r = '=' end
    out[#out + 1] = id
    out[#out + 1] = r
  end
end
return out
`)

// nextIDScript: ARGV C -> the next id.
var nextIDScript = script(`
redis.call('SADD', base .. 'cols', ARGV[2])
return redis.call('INCR', ck(ARGV[2]) .. 'n')
`)

// createScript: ARGV C, id, json, numeric id (” if none), ov, then
// (order name, escaped key) pairs -> {'ok', seq, version}, {'exists'} or
// the order state when ov is stale.
var createScript = script(`
local c, id, json, num, ov = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local k = ck(c)
if (redis.call('GET', k .. 'ov') or '0') ~= ov then return orderState(k) end
if redis.call('HEXISTS', k .. 'o', id) == 1 then return {'exists'} end
local seq = redis.call('INCR', k .. 'q')
local ver = nextVersions(1)
redis.call('HSET', k .. 'o', id, rec(seq, ver, 0, json))
redis.call('ZADD', k .. 'v', seq, id)
for i = 7, #ARGV, 2 do
  redis.call('ZADD', k .. 's:' .. ARGV[i], 0, ARGV[i + 1] .. be8(seq) .. id)
end
if num ~= '' and tonumber(num) > tonumber(redis.call('GET', k .. 'n') or '0') then
  redis.call('SET', k .. 'n', num)
end
redis.call('SET', k .. 'w', string.format('%.0f', ver))
redis.call('SADD', base .. 'cols', c)
return {'ok', seq, ver}
`)

// writeScript replaces (or, with json false, deletes) a record if its
// version is still the one read: ARGV C, id, version read, json (” to
// delete), hidden (0/1), ov, peek (1: only if the collection is ready),
// versions to reserve (the new record takes the last), then (order name,
// old member or ”, new member or ”) triples ->
// {'ok', version}, {'conflict', current record} when the version read is
// not current, {'gone'} when the record is, {'unready'} when peeking and
// the collection is not ready, or the order state when ov is stale.
var writeScript = script(`
local c, id, ver, json, hidden, ov = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
local k = ck(c)
if ARGV[8] == '1' and not ready(c, k) then return {'unready'} end
if (redis.call('GET', k .. 'ov') or '0') ~= ov then return orderState(k) end
local cur = redis.call('HGET', k .. 'o', id)
if not cur then return {'gone'} end
local seq, v, was = string.match(cur, '^(%d+) (%d+) (%d) ')
if v ~= ver then return {'conflict', cur} end
local nv = nextVersions(tonumber(ARGV[9]))
if json == '' then
  redis.call('HDEL', k .. 'o', id)
  redis.call('ZREM', k .. 'v', id)
else
  redis.call('HSET', k .. 'o', id, rec(tonumber(seq), nv, hidden, json))
  -- The creation order's set changes only when the object is hidden or shown.
  if hidden ~= tonumber(was) then
    if hidden == 1 then redis.call('ZREM', k .. 'v', id) else redis.call('ZADD', k .. 'v', tonumber(seq), id) end
  end
end
for i = 10, #ARGV, 3 do
  local z = k .. 's:' .. ARGV[i]
  if ARGV[i + 1] ~= '' then redis.call('ZREM', z, ARGV[i + 1]) end
  if ARGV[i + 2] ~= '' then redis.call('ZADD', z, 0, ARGV[i + 2]) end
end
redis.call('SET', k .. 'w', string.format('%.0f', nv))
return {'ok', nv}
`)

// dumpScript: ARGV C -> {generation, exists (0/1), w, ov, id1, rec1, ...}.
var dumpScript = script(`
local c = ARGV[2]
local k = ck(c)
local out = {base, redis.call('SISMEMBER', base .. 'cols', c), redis.call('GET', k .. 'w') or '0', redis.call('GET', k .. 'ov') or '0'}
local all = redis.call('HGETALL', k .. 'o')
for i = 1, #all do out[#out + 1] = all[i] end
return out
`)

// installOrderScript makes the sorted set at ARGV[5] (built outside, from
// a dump) the index of order ARGV[3] of collection ARGV[2], unless the
// collection was written since the dump (ARGV[4] is its w, ARGV[6] the
// generation's base) -> 'ok' or 'conflict'.
var installOrderScript = script(`
local c, name, w, tmp = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local k = ck(c)
if base ~= ARGV[6] or (redis.call('GET', k .. 'w') or '0') ~= w or redis.call('SISMEMBER', base .. 'cols', c) == 0 then
  redis.call('DEL', tmp)
  return 'conflict'
end
if redis.call('EXISTS', tmp) == 1 then
  redis.call('RENAME', tmp, k .. 's:' .. name)
  redis.call('PERSIST', k .. 's:' .. name)
else
  redis.call('DEL', k .. 's:' .. name)
end
redis.call('SADD', k .. 'os', name)
redis.call('SET', k .. 'ov', string.format('%.0f', nextVersions(1)))
return 'ok'
`)

// dropOrdersScript drops the indexes of orders ARGV[4:] of collection
// ARGV[2] if its order state is still ARGV[3].
var dropOrdersScript = script(`
local k = ck(ARGV[2])
if (redis.call('GET', k .. 'ov') or '0') ~= ARGV[3] then return 0 end
for i = 4, #ARGV do
  redis.call('SREM', k .. 'os', ARGV[i])
  redis.call('DEL', k .. 's:' .. ARGV[i])
end
redis.call('SET', k .. 'ov', string.format('%.0f', nextVersions(1)))
return 1
`)

// seedScript: ARGV C, token, ttl ms -> 'done' (the collection exists),
// 'wait' (another is filling it) or 'fill' (the lock is ours).
var seedScript = script(`
local c = ARGV[2]
local k = ck(c)
if redis.call('EXISTS', k .. 'lock') == 1 then return 'wait' end
if redis.call('SISMEMBER', base .. 'cols', c) == 1 then return 'done' end
redis.call('SET', k .. 'lock', ARGV[3], 'PX', tonumber(ARGV[4]))
return 'fill'
`)

// seedEndScript ends a fill: ARGV C, token, ok (1/0), ttl ms. With ok 0
// it only extends the lock -> 1 if the lock was still ours. With ok 1
// the collection exists from then on; with ok -1 (a failed fill) what
// the fill wrote is deleted.
var seedEndScript = script(`
local c, token, ok = ARGV[2], ARGV[3], tonumber(ARGV[4])
local k = ck(c)
local mine = redis.call('GET', k .. 'lock') == token
if ok == 0 then
  if mine then redis.call('PEXPIRE', k .. 'lock', tonumber(ARGV[5])) return 1 end
  return 0
end
if ok == 1 then
  if not mine then return 0 end
  redis.call('SADD', base .. 'cols', c)
  redis.call('DEL', k .. 'lock')
  return 1
end
if mine or redis.call('EXISTS', k .. 'lock') == 0 then
  for _, n in ipairs(redis.call('SMEMBERS', k .. 'os')) do redis.call('DEL', k .. 's:' .. n) end
  redis.call('DEL', k .. 'o', k .. 'v', k .. 'n', k .. 'q', k .. 'w', k .. 'os', k .. 'ov', k .. 'lock')
  redis.call('SREM', base .. 'cols', c)
end
return mine and 1 or 0
`)

// colsScript -> {generation base, C1, C2, ...}.
var colsScript = script(`
local out = {base}
for _, c in ipairs(redis.call('SMEMBERS', base .. 'cols')) do out[#out + 1] = c end
return out
`)

// switchScript makes generation ARGV[2] (” for a new empty one) the
// current one -> the base of the previous one.
var switchScript = script(`
local g = ARGV[2]
if g == '' then g = string.format('%.0f', nextVersions(1)) end
redis.call('SET', P .. 'gen', g)
return base
`)

// existsScript: ARGV C -> 1 if the collection exists or is being seeded,
// else 0.
var existsScript = script(`
local c = ARGV[2]
if redis.call('SISMEMBER', base .. 'cols', c) == 1 then return 1 end
return redis.call('EXISTS', ck(c) .. 'lock')
`)

// reserveScript: ARGV n -> the last of n versions reserved (Import).
var reserveScript = script(`
return nextVersions(tonumber(ARGV[2]))
`)
