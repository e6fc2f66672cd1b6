-- members.lua: wrk script that sends the dangjian session cookie (env DJ_SESSION).
local token = os.getenv("DJ_SESSION") or ""
wrk.headers["Cookie"] = "dj_session=" .. token
wrk.headers["Accept"] = "application/json"
