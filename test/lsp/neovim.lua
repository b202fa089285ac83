-- Drives the server from Neovim's own LSP client (0.7+), as a Neovim user would, and writes what it saw
-- to the JSON file named by MIK_RESULT. Run: nvim --headless --clean -u NONE -c 'luafile neovim.lua'
-- The server: MIK_SERVER_CMD (a JSON array, e.g. the installed package's command), else node MIK_SERVER.
local server = os.getenv('MIK_SERVER')
local command = os.getenv('MIK_SERVER_CMD')
local workspace = os.getenv('MIK_WORKSPACE')
local file = workspace .. '/app/code/Acme/Sync/etc/integration.xml'
local result = { completion = {}, diagnostics = {} }

local client_id = vim.lsp.start_client({
  name = 'magento-integration-kit',
  cmd = command and vim.fn.json_decode(command) or { 'node', '--max-semi-space-size=2', '--v8-pool-size=1', server, '--stdio' },
  root_dir = workspace,
})
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buffer, client_id)

-- Diagnostics are published once the workspace is indexed.
vim.wait(15000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(result.diagnostics, { code = d.code, line = d.lnum, message = d.message })
end

-- Completion inside <resource name="…"/> on line 8 (0-based 7), just after the opening quote.
local line = vim.api.nvim_buf_get_lines(buffer, 7, 8, false)[1]
local character = string.find(line, 'name="', 1, true) + 5
local params = { textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = 7, character = character } }
local responses = vim.lsp.buf_request_sync(buffer, 'textDocument/completion', params, 10000) or {}
for _, response in pairs(responses) do
  local items = (response.result or {}).items or response.result or {}
  for _, item in ipairs(items) do
    table.insert(result.completion, { label = item.label, description = item.labelDetails and item.labelDetails.description })
  end
end

local out = io.open(os.getenv('MIK_RESULT'), 'w')
out:write(vim.fn.json_encode(result))
out:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
