-- Mixed load for bench/soak.sh: 70% member list reads (a subtree, 50 rows), 20% single-member
-- reads, 10% member creates with unique valid ID numbers. COOKIE, CSRF and ORG come from env.
local counter = (os.time() % 1000) * 6000 + tonumber(os.getenv("PHASE") or "0") * 3000000  -- distinct ID numbers from run to run and phase to phase
local thread_no = 0
local threads = {}

function setup(thread)
  thread_no = thread_no + 1
  thread:set("tid", thread_no)
  table.insert(threads, thread)
end

local W = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local C = "10X98765432"

local function idnum(n)
  local day = n % 28 + 1
  local month = math.floor(n / 28) % 12 + 1
  local year = 1960 + math.floor(n / 336) % 40
  local seq = (math.floor(n / 13440) % 500) * 2 + 1
  local body = string.format("65900%d%04d%02d%02d%03d", tid % 10, year, month, day, seq)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(body:sub(i, i)) * W[i] end
  local k = sum % 11 + 1
  return body .. C:sub(k, k), string.format("%04d-%02d-%02d", year, month, day)
end

function init(args)
  headers = {["Cookie"] = "dj_session=" .. os.getenv("COOKIE"), ["X-CSRF-Token"] = os.getenv("CSRF"),
             ["Content-Type"] = "application/json"}
  org = os.getenv("ORG")
  maxid = tonumber(os.getenv("MAXID") or "1500")
end

function request()
  counter = counter + 1
  local r = counter % 10
  if r < 7 then
    return wrk.format("GET", "/api/v1/members?org=" .. org .. "&limit=50&offset=" .. (counter % 5) * 50, headers)
  elseif r < 9 then
    -- spread over the whole table (MAXID), as many users reading many files would
    return wrk.format("GET", "/api/v1/members/" .. ((counter * 7919) % maxid + 1), headers)
  end
  local id, birth = idnum(counter)
  local body = string.format('{"name":"压测%d","gender":"male","birth_date":"%s","id_number":"%s","org_id":%s,' ..
    '"category":"full","joined_on":"2020-07-01","full_on":"2021-07-01"}', counter, birth, id, org)
  return wrk.format("POST", "/api/v1/members", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("SOAK requests=%d errors_status=%d errors_connect=%d errors_timeout=%d p99_ms=%.2f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(99) / 1000))
end
