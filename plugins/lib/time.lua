-- UTC timestamps without relying on the machine's time zone.
local M = {}

local function days_from_civil(y, m, d)
  y = (m <= 2) and (y - 1) or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

--- Seconds since the Unix epoch for an ISO-8601 UTC time such as `2027-01-01T00:00:00Z`
--- (fractions and a `+00:00` suffix are accepted); nil when `s` is not such a time.
function M.parse(s)
  if type(s) ~= "string" then return nil end
  local y, mo, d, h, mi, se = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)")
  if not y then return nil end
  return days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
    + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(se)
end

--- ISO-8601 UTC text for seconds since the epoch.
function M.iso(t)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

--- Now, in seconds since the epoch.
function M.now()
  return os.time()
end

return M
