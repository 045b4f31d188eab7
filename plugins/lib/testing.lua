-- The Lua test harness. A `*_test.lua` file beside a plugin defines global `function test_name()` functions;
-- the Swift test runner calls each against a fresh twin (a line `--- @scenario NAME` above a test picks the twin's
-- scenario). Tests run as scripts that may write (to set the twin up) with the stage org as their environment,
-- and use the test-only host modules `twin` (the twin's control endpoints) and `harness` (runs a step as the
-- engine does: read -> plan -> apply -> verify, with the same write rules).
--
--   local t = require "lib.testing"
--   function test_creates_the_app()
--     local result = t.run("entra.app_registration", t.ctx{ params = { display_name = "adobe campaign stage" } })
--     t.eq(result.status, "changed")
--   end
local M = {}

local function describe(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  local ok, text = pcall(json.encode, v)
  return ok and text or tostring(v)
end

local function fail(message, default, level)
  error((message and (message .. ": ") or "") .. default, (level or 2) + 1)
end

--- A step context spec: `step` (default: the plugin's last name), `params`, `mode` ("apply" by default or
--- "plan"), `env` ("stage" by default, "prod", or a table of settings with a name), `outputs` (earlier steps'
--- outputs by step id), `runbook` ("adobe-campaign-d365"), `customer` ("default"), `rotate_secret`.
function M.ctx(spec)
  spec = spec or {}
  return {
    step = spec.step, params = spec.params or {}, mode = spec.mode or "apply", env = spec.env or "stage",
    outputs = spec.outputs or {}, runbook = spec.runbook or "adobe-campaign-d365", customer = spec.customer or "default",
    rotate_secret = spec.rotate_secret or false, run_id = spec.run_id,
  }
end

--- Runs a step of `plugin_id` with `ctx` (from `t.ctx`; default: apply against stage) and returns
--- `{ status = "unchanged"|"changed", changes = {{action=, target=, detail=, data=}}, outputs = {...},
--- logs = {"info: ..."}, exchanges = {"GET ... -> 200 ..."} }`. A failure raises `{ code =, message =, phase =,
--- step =, plugin = }`.
function M.run(plugin_id, ctx)
  return harness.run(plugin_id, ctx or M.ctx())
end

--- `t.run` in plan mode (`ctx` itself is left as it is).
function M.plan(plugin_id, ctx)
  local planning = {}
  for k, v in pairs(ctx or M.ctx()) do planning[k] = v end
  planning.mode = "plan"
  return harness.run(plugin_id, planning)
end

--- A placeholder for a value only known after apply (as plan mode passes an earlier step's missing output).
function M.unknown(reference)
  return harness.unknown(reference)
end

--- Whether `v` is such a placeholder.
function M.is_unknown(v)
  return harness.is_unknown(v)
end

--- The twin's request log position now; pass it to `t.requests` or `t.writes`.
function M.mark()
  return twin.mark()
end

--- Requests the twin logged after `mark`, optionally only of `service` ("graph", "identity", an org name ...).
function M.requests(mark, service)
  local result = {}
  for _, r in ipairs(twin.requests(mark or 0)) do
    if service == nil or r.service == service then result[#result + 1] = r end
  end
  return result
end

--- Writes the twin logged after `mark`: every request but GETs and token requests.
function M.writes(mark)
  local result = {}
  for _, r in ipairs(twin.requests(mark or 0)) do
    local token = r.service == "identity" and tostring(r.path):find("/oauth2/v2.0/token", 1, true)
    if r.method ~= "GET" and not token then result[#result + 1] = r.method .. " " .. r.path end
  end
  return result
end

--- The twin's state of org `name` ("stage" by default): `{ tables = { systemusers = {...}, ... }, associations = ... }`.
function M.org(name)
  return twin.state().orgs[name or "stage"]
end

--- The first element of `list` whose fields equal those of `fields`.
function M.find(list, fields)
  for _, item in ipairs(list or {}) do
    local match = true
    for k, v in pairs(fields) do
      if item[k] ~= v then match = false break end
    end
    if match then return item end
  end
  return nil
end

local function deep_equal(a, b)
  if a == b then return true end
  if type(a) ~= type(b) or (type(a) ~= "table" and type(a) ~= "userdata") then return false end
  for k, v in pairs(a) do
    if not deep_equal(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

--- Asserts `actual` equals `expected` (tables compared field by field).
function M.eq(actual, expected, message)
  if not deep_equal(actual, expected) then
    fail(message, "expected " .. describe(expected) .. ", got " .. describe(actual))
  end
  return actual
end

--- Asserts `v` is neither nil nor false; returns it.
function M.truthy(v, message)
  if not v then fail(message, "expected a value, got " .. tostring(v)) end
  return v
end

--- Asserts `v` is nil or false.
function M.falsy(v, message)
  if v then fail(message, "expected nil or false, got " .. describe(v)) end
end

--- Asserts a string contains `needle` (plain text), or a list contains an element equal to it.
function M.contains(haystack, needle, message)
  if type(haystack) == "string" then
    if not haystack:find(needle, 1, true) then
      fail(message, describe(haystack) .. " does not contain " .. describe(needle))
    end
    return
  end
  for _, v in ipairs(haystack or {}) do
    if deep_equal(v, needle) then return end
  end
  fail(message, describe(haystack) .. " has no element " .. describe(needle))
end

--- Asserts `fn` raises an error whose `code` is `code`; returns the error.
function M.errors(fn, code, message)
  local ok, err = pcall(fn)
  if ok then fail(message, "expected an error " .. tostring(code) .. ", but it succeeded") end
  if type(err) ~= "table" or err.code ~= code then
    fail(message, "expected an error " .. tostring(code) .. ", got " .. (type(err) == "table"
      and (tostring(err.code) .. ": " .. tostring(err.message)) or tostring(err)))
  end
  return err
end

-- Fixtures: earlier steps of the Adobe runbook, run for real against the twin.

--- Runs `entra.app_registration` for `env` ("stage" by default); returns its outputs.
function M.app(env)
  env = env or "stage"
  return M.run("entra.app_registration",
    M.ctx{ step = "app", env = env, params = { display_name = "adobe campaign " .. env } }).outputs
end

--- Runs the app (unless given) and `dataverse.application_user` for it; returns the user's outputs and the app's.
function M.app_user(env, app)
  env = env or "stage"
  app = app or M.app(env)
  local user = M.run("dataverse.application_user", M.ctx{ step = "app_user", env = env, params = {
    client_id = app.client_id, full_name = "Adobe API " .. env, icon = "assets/adobe-campaign-icon.png" } }).outputs
  return user, app
end

--- Runs `entra.client_secret` for `app`; returns its outputs.
function M.client_secret(env, app)
  return M.run("entra.client_secret", M.ctx{ step = "secret", env = env or "stage", params = {
    application_object_id = app.object_id, client_id = app.client_id } }).outputs
end

--- Whether a list of pairs (`{a, b}`, as the twin lists associations) holds `a` and `b` in either order.
function M.has_pair(list, a, b)
  for _, pair in ipairs(list or {}) do
    if (pair[1] == a and pair[2] == b) or (pair[1] == b and pair[2] == a) then return true end
  end
  return false
end

return M
