-- Headless Neovim (0.7+, its built-in LSP client) against bin/ctxcheck-lsp on a copy of examples/aio:
-- waits for the two warnings at their lines, checks a hover, applies the preferred quick fix of each,
-- saves, and waits for the diagnostics to disappear. Run by editors/test/run:
--   CTXCHECK_LSP=... CTXCHECK_WORKSPACE=... nvim --headless -u NONE -i NONE -n -c "luafile neovim.lua"
-- Exits 0 when every step passed, 1 otherwise, printing each step on standard error.

local server = os.getenv('CTXCHECK_LSP')
local workspace = os.getenv('CTXCHECK_WORKSPACE')
local timeout = tonumber(os.getenv('CTXCHECK_EDITOR_TIMEOUT_MS') or '180000')

local function say(msg)
  io.stderr:write('neovim: ' .. msg .. '\n')
end

local function fail(msg)
  say('FAILED: ' .. msg)
  local log = vim.lsp.get_log_path and vim.lsp.get_log_path() or '?'
  say('(the LSP client log is ' .. log .. ')')
  vim.cmd('cquit 1')
end

local function run()
  if not server or not workspace then
    return fail('CTXCHECK_LSP and CTXCHECK_WORKSPACE must be set')
  end
  local file = workspace .. '/PercpuRef.java'
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'java'

  local client_id = vim.lsp.start_client({
    name = 'ctxcheck',
    cmd = { server },
    root_dir = workspace,
    on_exit = function(code)
      if code ~= 0 then say('the server exited with status ' .. code) end
    end,
  })
  if not client_id then return fail('the client did not start') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  say('started ' .. server .. ' on ' .. workspace)

  -- 1. The two warnings, at lines 31 and 37 (0-based 30 and 36), on the operation's name.
  local ok = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) == 2 end, 100)
  if not ok then return fail('expected 2 diagnostics, got ' .. #vim.diagnostic.get(bufnr)) end
  local diagnostics = vim.diagnostic.get(bufnr)
  table.sort(diagnostics, function(a, b) return a.lnum < b.lnum end)
  local expected = { { 30, 4, '__this_cpu_inc(pcpu_count) can lose updates' },
                     { 36, 4, '__this_cpu_dec(pcpu_count) can lose updates' } }
  for i, e in ipairs(expected) do
    local d = diagnostics[i]
    if d.lnum ~= e[1] or d.col ~= e[2] or d.message:sub(1, #e[3]) ~= e[3]
        or d.severity ~= vim.diagnostic.severity.WARN or d.source ~= 'ctxcheck' then
      return fail('diagnostic ' .. i .. ' is ' .. vim.inspect(d))
    end
    say(string.format('warning at %d:%d: %s', d.lnum + 1, d.col + 1, d.message))
  end

  -- 2. The hover on put: every context that reaches it, with a call path.
  local uri = vim.uri_from_bufnr(bufnr)
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    { textDocument = { uri = uri }, position = { line = 34, character = 7 } }, timeout)
  local text = hover and hover[client_id] and hover[client_id].result
    and hover[client_id].result.contents.value or ''
  for _, want in ipairs({ 'put', 'PROCESS', 'io_destroy -> put',
                          'SOFTIRQ', 'blk_done_softirq -> aio_complete -> kiocb_free -> put' }) do
    if not text:find(want, 1, true) then return fail('the hover lacks "' .. want .. '": ' .. text) end
  end
  say('hover on put: ' .. text:gsub('\n', ' | '))

  -- 3. The preferred quick fix of each warning, applied by the client, one at a time: after each,
  -- the server analyses the edited buffer and publishes the warning that is left.
  local client = vim.lsp.get_client_by_id(client_id)
  for left = 2, 1, -1 do
    ok = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) == left end, 100)
    if not ok then return fail('expected ' .. left .. ' diagnostics, got ' .. #vim.diagnostic.get(bufnr)) end
    local d = vim.diagnostic.get(bufnr)[1]
    local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = uri },
      range = { start = { line = d.lnum, character = 0 }, ['end'] = { line = d.lnum, character = 0 } },
      -- As vim.lsp.buf.code_action() asks: the diagnostics of the cursor's line.
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum) },
    }, timeout)
    local preferred
    for _, a in ipairs(actions and actions[client_id] and actions[client_id].result or {}) do
      if a.isPreferred then preferred = a end
    end
    if not preferred then
      return fail('no preferred quick fix at line ' .. (d.lnum + 1) .. ': ' .. vim.inspect(actions))
    end
    vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
    say('applied "' .. preferred.title .. '" at line ' .. (d.lnum + 1))
  end
  vim.cmd('silent write')

  -- 4. Saved, re-analysed: no warning left, and the file holds the atomic operations.
  ok = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) == 0 end, 100)
  if not ok then return fail('the diagnostics did not disappear: ' .. vim.inspect(vim.diagnostic.get(bufnr))) end
  local saved = table.concat(vim.fn.readfile(file), '\n')
  for _, want in ipairs({ '    this_cpu_inc(pcpu_count);', '    this_cpu_dec(pcpu_count);',
                          'import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;' }) do
    if not saved:find(want, 1, true) then return fail('the saved file lacks "' .. want .. '"') end
  end
  say('saved; the diagnostics are gone')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  say('PASSED')
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then fail(tostring(err)) end
