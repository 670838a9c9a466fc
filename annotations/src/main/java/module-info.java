/**
 * ctxcheck's annotations: execution contexts of entry points and callbacks, what a method masks,
 * and the per-CPU operations of an API. CLASS retention; nothing here is needed at run time.
 */
module dev.ctxcheck.annotations {
  exports dev.ctxcheck.annotations;
}
