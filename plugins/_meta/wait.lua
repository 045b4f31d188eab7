---@meta wait
-- The replication barrier.

wait = {}

--- Calls `probe` until it returns a truthy value, which `poll` returns. Waits `every` seconds between tries,
--- growing with backoff, and prints a progress line naming `what`. Errors raised by `probe` whose code is in
--- `retry_on` count as "not yet"; others propagate. Raises `wait.timeout` after `timeout` seconds.
---@generic T
---@param probe fun(): T
---@param opts? {timeout?: number, every?: number, what?: string, retry_on?: string[]}
---@return T
function wait.poll(probe, opts) end

--- Sleeps for `seconds` (a plain pause; prefer `wait.poll`).
---@param seconds number
function wait.sleep(seconds) end
