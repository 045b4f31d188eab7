---@meta wait
-- The replication barrier.

wait = {}

--- Calls `probe` until it returns a truthy value, which `poll` returns (with any further results). Waits `every`
--- seconds (default 1) between tries, growing 1.5 times per try up to 30 s, and reports a progress line naming
--- `what` after each try that did not succeed. Errors raised by `probe` whose code is in `retry_on` count as
--- "not yet"; others propagate. Raises `wait.timeout` (fields `what`, `elapsed`, `last`) after `timeout` seconds
--- (default 60), naming `what` and the elapsed time.
---@generic T
---@param probe fun(): T
---@param opts? {timeout?: number, every?: number, what?: string, retry_on?: string[]}
---@return T
function wait.poll(probe, opts) end

--- Sleeps for `seconds` (a plain pause; prefer `wait.poll`).
---@param seconds number
function wait.sleep(seconds) end
