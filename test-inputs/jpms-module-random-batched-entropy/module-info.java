/**
 * The scenario is a named module, as a modular program is: it finds the annotations and the
 * runtime on the module path by their module names.
 */
module drivers.chr {
  requires dev.ctxcheck.annotations;
  requires dev.ctxcheck.percpu;

  exports drivers.chr;
}
