// ctxcheck for VS Code: starts bin/ctxcheck-lsp for the workspace's Java files. Everything else
// (diagnostics, quick fixes, hover, code lens) is the language server's; see docs/editors.md.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('ctxcheck');
  const command = settings.get('server.path', 'ctxcheck-lsp');
  const serverOptions = { command, args: [] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'java' }],
    // The server also asks for section "ctxcheck" with workspace/configuration.
    synchronize: { configurationSection: 'ctxcheck' },
    initializationOptions: {
      ctxcheck: {
        classpath: settings.get('classpath', []),
        reportAcceptedRaces: settings.get('reportAcceptedRaces', false),
        preemptRt: settings.get('preemptRt', false),
      },
    },
  };
  client = new LanguageClient('ctxcheck', 'ctxcheck', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
