// Runs after the three invocations of invoker.properties.
def log = new File(basedir, 'build.log').text
def expected = 'NetStats.java:[27,19] [NonAtomicPerCpuUpdate] __this_cpu_add(tx_bytes, len) can lose updates: ' +
    'reached in PROCESS with preemption disabled (ndo_start_xmit [preempt_disable] -> account) and updated in HARDIRQ by ' +
    'this_cpu_inc(tx_bytes) at NetStats.java:31 (tx_irq), which can interrupt it; use this_cpu_add'
assert log.contains(expected) : "the build log lacks the warning:\n" + expected

def source = new File(basedir, 'src/main/java/com/example/net/NetStats.java').text
assert source.contains('    this_cpu_add(tx_bytes, len);') : "not fixed in place:\n" + source
assert source.contains('import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;') : "import not added:\n" + source
assert !source.contains('__this_cpu_add(tx_bytes') : source
return true
