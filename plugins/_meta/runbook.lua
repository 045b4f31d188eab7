---@meta runbook
-- Runbooks (`runbooks/*.lua`) and customer overlays (`runbooks/customers/*.lua`) return these tables.
-- String values may contain `${env}` (environment name), `${env.KEY}`, `${params.NAME}`, `${customer}` and
-- `${outputs.STEP.NAME}` (an earlier step's output). A value that is exactly one reference keeps its type.

---@class StepSpec
---@field id string unique within the runbook
---@field uses string plugin ID, e.g. "entra.app_registration"
---@field with? table<string,any> parameters
---@field summary? string

---@class Runbook
---@field name string
---@field summary string
---@field params? table<string,ParamSpec> runbook-level parameters and their defaults
---@field environments table<string,table> environment name -> settings (`tenant`, `org`, ...)
---@field plugin_paths? string[] extra plugin folders, relative to the runbook file
---@field steps StepSpec[]

---@class Overlay
---@field extends string the runbook's name
---@field customer string
---@field environments? table<string,table> settings merged over the runbook's, per environment
---@field params? table<string,any> parameter overrides
---@field plugin_paths? string[] the overlay's own plugin folders, relative to the overlay file
---@field insert? {after?: string, before?: string, step: StepSpec}[]
---@field replace? table<string,StepSpec> step id -> new step (same id)
---@field remove? string[] step ids
