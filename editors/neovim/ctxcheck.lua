-- ctxcheck's language server for Java buffers, with Neovim's built-in client (0.7 or newer).
-- In init.lua: dofile('/path/to/ctxcheck/editors/neovim/ctxcheck.lua'), or copy it there.
-- The server is bin/ctxcheck-lsp of a ctxcheck checkout: on PATH, or named by $CTXCHECK_LSP.

local server = vim.env.CTXCHECK_LSP or 'ctxcheck-lsp'
local clients = {} -- one server per workspace root

-- The workspace: the nearest folder above the file with a VCS or build marker, else the current one.
local function root_of(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  while dir ~= '/' and dir ~= '' do
    for _, marker in ipairs({ '.git', 'pom.xml', 'build.gradle', 'build.gradle.kts' }) do
      if vim.fn.glob(dir .. '/' .. marker) ~= '' then
        return dir
      end
    end
    dir = vim.fn.fnamemodify(dir, ':h')
  end
  return vim.fn.getcwd()
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'java',
  callback = function(args)
    local root = root_of(vim.api.nvim_buf_get_name(args.buf))
    local id = clients[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client({
        name = 'ctxcheck',
        cmd = { server },
        root_dir = root,
        -- The same settings workspace/configuration would give: docs/editors.md, "Settings".
        init_options = { ctxcheck = { classpath = {}, reportAcceptedRaces = false } },
      })
      clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
