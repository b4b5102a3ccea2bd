-- Neovim (0.7+, headless) as a second, independent LSP client of `iam-mfa-guard lsp --stdio`:
-- diagnostics arrive, a hover explains the finding, the quick fix is requested and applied, the
-- buffer equals the expected fixed text, and the finding is gone. Exits with :cquit 0 or 1.
--
--   IAM_MFA_GUARD_CLI=out/server/src/cli/main.js EXPECTED=fixed.json \
--   nvim --headless -n -i NONE -u NONE --noplugin -c "luafile test/e2e/nvim-lsp.lua" policy.json
local function say(s) io.stdout:write(s .. '\n'); io.stdout:flush() end
local function finish(code) vim.cmd('cquit ' .. code) end

local cli = os.getenv('IAM_MFA_GUARD_CLI') or 'out/server/src/cli/main.js'
local expected_file = os.getenv('EXPECTED')
local SOURCE = 'iam-mfa-guard'
local TIMEOUT = tonumber(os.getenv('NVIM_LSP_TIMEOUT_MS') or '20000')
local file = vim.fn.expand('%:p')
vim.bo.filetype = 'json' -- -u NONE: no filetype detection; the languageId sent is the filetype

local function fail(msg) say('FAIL ' .. msg); finish(1) end

local function main()
  local client_id = vim.lsp.start_client({
    name = 'iam_mfa_guard',
    cmd = { 'node', cli, 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    -- MFA009 off, the rest default. Neovim 0.8+ answers the server's workspace/configuration
    -- pull from `settings`; 0.7 does not offer that capability, so push them once initialised,
    -- as nvim-lspconfig does.
    settings = { iamMfaGuard = { rules = { MFA009 = 'off' } } },
    on_init = function(c)
      c.notify('workspace/didChangeConfiguration', { settings = c.config.settings })
      return true
    end,
    handlers = {
      ['window/logMessage'] = function(_, result) say('LOG ' .. tostring(result and result.message)) end,
      ['window/showMessage'] = function(_, result) say('MESSAGE ' .. tostring(result and result.message)) end,
    },
    on_exit = function(code, signal) if code ~= 0 then say(string.format('server exited %d (signal %d)', code, signal)) end end,
  })
  if not client_id then return fail('could not start the language server') end
  vim.lsp.buf_attach_client(0, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  local encoding = client.offset_encoding or 'utf-16'

  local function ours()
    return vim.tbl_filter(function(d) return d.source == SOURCE end, vim.diagnostic.get(0))
  end
  local function find(rule)
    for _, d in ipairs(ours()) do if d.code == rule then return d end end
  end

  -- 1. diagnostics
  if not vim.wait(TIMEOUT, function() return find('MFA001') ~= nil end, 50) then return fail('no MFA001 diagnostic') end
  for _, d in ipairs(ours()) do
    say(string.format('DIAG %d:%d %s %s', d.lnum + 1, d.col + 1, tostring(d.code), vim.diagnostic.severity[d.severity]))
  end
  if find('MFA009') then return fail('MFA009 reported although settings turn it off') end
  if not find('MFA007') then return fail('MFA007 missing') end
  local d = find('MFA001')

  -- 2. hover on the finding
  local pos = { line = d.lnum, character = d.col + 2 }
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(0) }, position = pos }, TIMEOUT)
  local contents = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents
  local hover_text = type(contents) == 'table' and (contents.value or '') or tostring(contents or '')
  if not hover_text:find('MFA001', 1, true) then return fail('hover without MFA001: ' .. hover_text:sub(1, 200)) end
  say('HOVER ' .. vim.split(hover_text, '\n')[1])

  -- 3. the quick fix for MFA001
  local caps = client.server_capabilities or {}
  if not caps.codeActionProvider then return fail('the server offers no codeActionProvider') end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(0) },
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, d.lnum, nil, client_id), only = { 'quickfix' } },
  }
  local res = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, TIMEOUT)
  local actions = (res and res[client_id] and res[client_id].result) or {}
  local action
  for _, a in ipairs(actions) do
    say('ACTION ' .. a.title .. ' [' .. tostring(a.kind) .. ']')
    if not action and a.title:find('Replace "iam:*"', 1, true) == 1 then action = a end
  end
  if not action then return fail('no "Replace \\"iam:*\\"" quick fix among ' .. #actions .. ' actions') end
  if not action.edit and not action.command then
    -- lazily computed: ask the server to resolve it
    local r = client.request_sync('codeAction/resolve', action, TIMEOUT, 0)
    action = (r and r.result) or action
  end
  if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, encoding) end
  if action.command then
    local cmd = type(action.command) == 'table' and action.command or action
    client.request_sync('workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments }, TIMEOUT, 0)
  end

  -- 4. the buffer is the fixed policy
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n') .. '\n'
  if expected_file then
    local f = assert(io.open(expected_file, 'r'))
    local expected = f:read('*a')
    f:close()
    if text ~= expected then return fail('buffer after the fix differs from ' .. expected_file .. ':\n' .. text) end
    say('TEXT equals ' .. vim.fn.fnamemodify(expected_file, ':t'))
  end

  -- 5. the finding is gone (the server re-lints after didChange)
  if not vim.wait(TIMEOUT, function() return find('MFA001') == nil and #ours() > 0 end, 50) then return fail('MFA001 still reported after the fix') end
  say('LEFT ' .. table.concat(vim.tbl_map(function(x) return tostring(x.code) end, ours()), ','))
  vim.lsp.stop_client(client_id)
  say('PASS')
  finish(0)
end

local ok, err = pcall(main)
if not ok then fail(tostring(err)) end
