module com.example.blk {
  requires dev.ctxcheck.annotations;
  requires dev.ctxcheck.percpu;

  exports com.example.blk;
}
