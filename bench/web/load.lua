-- wrk script of bench/web/bench_web.py. Arguments after "--":
--   fixed   HEADER VALUE PATH                 every request GETs PATH
--   pick    HEADER VALUE PATH_FMT LO HI       GET PATH_FMT % random id in [LO, HI]
--   confirm HEADER VALUE PATH_FMT LO HI T FILE POST PATH_FMT % id; thread k takes LO+k, LO+k+T, ... (each id
--                                             once); past HI it re-posts HI (a refused second confirm, counted).
--                                             FILE: the seed's signed bodies, "id<TAB>body<TAB>signature" per line;
--                                             each POST sends its id's body and X-Answer-Signature header.
-- HEADER "-" sends no extra header. done() prints one line "WRKJSON {...}" with status counts, p50/p99.

local threads = {}
local count = 0

function setup(thread)
  thread:set("idx", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  if args[2] ~= "-" then wrk.headers[args[2]] = args[3] end
  path = args[4]
  lo = tonumber(args[5] or "0")
  hi = tonumber(args[6] or "0")
  stride = tonumber(args[7] or "1")
  nextid = lo + idx
  statuses = {}
  math.randomseed(os.time() + idx * 7919)
  signed = {}
  if mode == "confirm" then
    wrk.method = "POST"
    for line in io.lines(args[8]) do
      local id, body, sig = line:match("^(%d+)\t([^\t]*)\t(.*)$")
      id = tonumber(id)
      if id >= lo and id <= hi then signed[id] = {body, sig} end
    end
  end
end

function request()
  if mode == "fixed" then
    return wrk.format(nil, path)
  elseif mode == "pick" then
    return wrk.format(nil, string.format(path, math.random(lo, hi)))
  end
  local id = nextid
  nextid = nextid + stride
  if id > hi then id = hi end
  local entry = signed[id]
  -- wrk.format's headers replace wrk.headers (the token): copy them in
  local headers = {["Content-Type"] = "application/json", ["X-Answer-Signature"] = entry[2]}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", string.format(path, id), headers, entry[1])
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %.1f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
