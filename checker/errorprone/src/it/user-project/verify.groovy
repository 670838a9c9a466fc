// Runs after the four invocations of invoker.properties, whose output build.log holds in turn.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def finding = 'NetStats.java:[27,19] [NonAtomicPerCpuUpdate] __this_cpu_add(tx_bytes, len) can lose updates: ' +
    'reached in PROCESS with preemption disabled (ndo_start_xmit [preempt_disable] -> account) and updated in HARDIRQ by ' +
    'this_cpu_inc(tx_bytes) at NetStats.java:31 (tx_irq), which can interrupt it; use this_cpu_add'
assert lines.any { it.startsWith('[WARNING] ') && it.endsWith(finding) } : "no warning in the plain build:\n" + finding
// Strict mode failed (invocation 2) because of the finding, not for another reason.
assert lines.any { it.startsWith('[ERROR] ') && it.endsWith(finding) } : "no error in strict mode:\n" + finding
assert !log.contains('An exception has occurred in the compiler') : "javac crashed"
assert !log.contains('An unknown compilation problem occurred') : "javac crashed"

def source = new File(basedir, 'src/main/java/com/example/net/NetStats.java').text
assert source.contains('    this_cpu_add(tx_bytes, len);') : "not fixed in place:\n" + source
assert source.contains('import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;') : "import not added:\n" + source
assert !source.contains('__this_cpu_add(tx_bytes') : source
new GroovyShell().parse(new File(itHarness)).ranWith(basedir, expectedJavaHome, expectedErrorProne)
return true
