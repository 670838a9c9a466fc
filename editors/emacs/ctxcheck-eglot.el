;;; ctxcheck-eglot.el --- ctxcheck's language server in Java buffers, with eglot  -*- lexical-binding: t -*-

;; In init.el: (load "/path/to/ctxcheck/editors/emacs/ctxcheck-eglot.el"), or copy the form below.
;; The server is bin/ctxcheck-lsp of a ctxcheck checkout, on exec-path (or give its full path).
;; Then M-x eglot in a Java buffer; flymake shows the warnings, M-x eglot-code-actions fixes them.

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((java-mode java-ts-mode) . ("ctxcheck-lsp"
                                            ;; Settings: docs/editors.md.
                                            :initializationOptions
                                            (:ctxcheck (:reportAcceptedRaces :json-false))))))
