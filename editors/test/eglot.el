;;; eglot.el --- headless Emacs + eglot against bin/ctxcheck-lsp  -*- lexical-binding: t -*-

;; Opens a copy of examples/aio, waits for the two warnings at their lines, applies the preferred
;; quick fix of each (eglot's own edit code), saves, and waits for the diagnostics to disappear.
;; Run by editors/test/run:
;;   CTXCHECK_LSP=... CTXCHECK_WORKSPACE=... emacs --batch -Q -l eglot.el
;; Exits 0 when every step passed, 1 otherwise, printing each step on standard error.

(require 'package)
;; Debian's elpa-eglot is a system package; -Q skips the site files that would make it known.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar ctxcheck-server (getenv "CTXCHECK_LSP"))
(defvar ctxcheck-workspace (getenv "CTXCHECK_WORKSPACE"))
(defvar ctxcheck-timeout
  (/ (string-to-number (or (getenv "CTXCHECK_EDITOR_TIMEOUT_MS") "180000")) 1000.0))

(defun ctxcheck-say (format-string &rest args)
  (princ (concat "emacs: " (apply #'format format-string args) "\n") #'external-debugging-output))

(defun ctxcheck-fail (format-string &rest args)
  (ctxcheck-say "FAILED: %s" (apply #'format format-string args))
  (with-current-buffer (get-buffer-create "*EGLOT events*")
    (ignore-errors
      (let ((events (eglot-events-buffer (eglot-current-server))))
        (ctxcheck-say "last protocol events:\n%s"
                      (with-current-buffer events
                        (buffer-substring-no-properties (max (point-min) (- (point-max) 4000))
                                                        (point-max)))))))
  (kill-emacs 1))

(defun ctxcheck-diagnostics ()
  "ctxcheck's diagnostics in the current buffer, by line."
  (sort (cl-remove-if-not (lambda (d) (string-match-p "can lose updates" (flymake-diagnostic-text d)))
                          (flymake-diagnostics))
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun ctxcheck-wait (what predicate)
  "Let the process talk until PREDICATE holds, or fail naming WHAT."
  (let ((deadline (+ (float-time) ctxcheck-timeout)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (unless (funcall predicate)
      (ctxcheck-fail "timed out after %ss waiting for %s (have %d diagnostics)"
                     ctxcheck-timeout what (length (ctxcheck-diagnostics))))))

(defun ctxcheck-run ()
  (unless (and ctxcheck-server ctxcheck-workspace)
    (ctxcheck-fail "CTXCHECK_LSP and CTXCHECK_WORKSPACE must be set"))
  (setq eglot-connect-timeout ctxcheck-timeout
        eglot-sync-connect t
        eglot-autoreconnect nil)
  (find-file (expand-file-name "PercpuRef.java" ctxcheck-workspace))
  (unless (derived-mode-p 'java-mode) (java-mode))
  (eglot '(java-mode) (cons 'transient (file-name-as-directory ctxcheck-workspace))
         'eglot-lsp-server (list ctxcheck-server) "java")
  (ctxcheck-wait "eglot to manage the buffer" (lambda () (bound-and-true-p eglot--managed-mode)))
  (ctxcheck-say "started %s on %s" ctxcheck-server ctxcheck-workspace)
  (flymake-start)

  ;; 1. The two warnings, at lines 31 and 37, on the operation's name.
  (ctxcheck-wait "2 diagnostics" (lambda () (= 2 (length (ctxcheck-diagnostics)))))
  (cl-loop for d in (ctxcheck-diagnostics)
           for (line name) in '((31 "__this_cpu_inc") (37 "__this_cpu_dec"))
           do (let ((beg (flymake-diagnostic-beg d)))
                (unless (and (= line (line-number-at-pos beg))
                             (equal name (buffer-substring-no-properties beg (flymake-diagnostic-end d)))
                             (eq 'eglot-warning (flymake-diagnostic-type d)))
                  (ctxcheck-fail "diagnostic at line %d is %S on %S" (line-number-at-pos beg)
                                 (flymake-diagnostic-type d)
                                 (buffer-substring-no-properties beg (flymake-diagnostic-end d))))
                (ctxcheck-say "warning at %d: %s" line (flymake-diagnostic-text d))))

  ;; 2. The preferred quick fix of each, applied and saved; the server analyses what is left.
  (dolist (left '(2 1))
    (ctxcheck-wait (format "%d diagnostics" left) (lambda () (= left (length (ctxcheck-diagnostics)))))
    (goto-char (flymake-diagnostic-beg (car (ctxcheck-diagnostics))))
    (let* ((actions (eglot-code-actions (point) (point) "quickfix"))
           (preferred (cl-find-if (lambda (a) (plist-get a :isPreferred)) actions)))
      (unless preferred
        (ctxcheck-fail "no preferred quick fix at line %d: %S" (line-number-at-pos) actions))
      (eglot--apply-workspace-edit (plist-get preferred :edit))
      (save-buffer)
      (ctxcheck-say "applied \"%s\" and saved" (plist-get preferred :title))))

  ;; 3. No warning left, and the file holds the atomic operations.
  (ctxcheck-wait "the diagnostics to disappear" (lambda () (null (ctxcheck-diagnostics))))
  (let ((saved (with-temp-buffer
                 (insert-file-contents (expand-file-name "PercpuRef.java" ctxcheck-workspace))
                 (buffer-string))))
    (dolist (want '("    this_cpu_inc(pcpu_count);" "    this_cpu_dec(pcpu_count);"
                    "import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;"))
      (unless (string-search want saved)
        (ctxcheck-fail "the saved file lacks %S" want))))
  (ctxcheck-say "the diagnostics are gone")
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (ctxcheck-say "PASSED")
  (kill-emacs 0))

(condition-case err
    (ctxcheck-run)
  (error (ctxcheck-fail "%s" (error-message-string err))))
