/**
 * A small working per-CPU runtime with the kernel's names, described to ctxcheck by the
 * annotations on it. Its signatures carry those annotations, so a module that reads this one
 * reads the annotations too.
 */
module dev.ctxcheck.percpu {
  requires transitive dev.ctxcheck.annotations;

  exports dev.ctxcheck.percpu;
}
