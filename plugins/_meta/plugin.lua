---@meta plugin
-- The contract of a plugin file: it returns a `Plugin` table. The host validates it on load and names the
-- file and the field when something is missing or mistyped. The plugin ID comes from the path:
-- `plugins/entra/app_registration.lua` is `entra.app_registration`.

---@class ParamSpec
---@field type "string"|"integer"|"number"|"boolean"|"table"|"list"
---@field required? boolean
---@field default? any
---@field doc string

---@class Change one line of a plan
---@field action "create"|"update"|"delete"|"replace"|"assign"|"manual"
---@field target string what is changed, e.g. "application 'adobe campaign stage'"
---@field detail? string e.g. "signInAudience AzureADMyOrg"
---@field data? table anything `apply` needs from `plan`

---@class Plugin
---@field summary string one line
---@field params table<string,ParamSpec>
---@field outputs table<string,string> output name -> description
---@field read fun(ctx: Ctx): table|nil current state, or nil when nothing exists; no writes
---@field plan fun(ctx: Ctx, current: table|nil): Change[] the changes; empty when in sync
---@field apply fun(ctx: Ctx, current: table|nil, changes: Change[]): table outputs; with no changes, computes
---  the outputs from `current` without writing
---@field verify? fun(ctx: Ctx, outputs: table) raises when the postcondition does not hold
