-- wrk script: POST the JSON body in the file $BODY, with a bearer $TOKEN when one is given
-- (bench/dekat.sh, bench/postgraphile.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("TOKEN") ~= "" then wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN") end
local f = io.open(os.getenv("BODY"), "r")
wrk.body = f:read("*a")
f:close()
