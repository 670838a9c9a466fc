// The module builds: the plugin finds the annotations and the runtime by their module names.
def log = new File(basedir, 'build.log').text
def finding = 'BlkMq.java:[36,19] [NonAtomicPerCpuUpdate] __this_cpu_add(mq_usage_counter, amount) can lose updates: ' +
    'reached in PROCESS with preemption disabled (blk_mq_queue_enter -> __percpu_counter_add [preempt_disable]) and in ' +
    'HARDIRQ (virtblk_done -> __percpu_counter_add [preempt_disable]), which can interrupt it; use this_cpu_add'
assert log.readLines().any { it.startsWith('[WARNING] ') && it.endsWith(finding) } : "no warning:\n" + finding
assert !log.contains('An exception has occurred in the compiler') : "javac crashed"
new GroovyShell().parse(new File(itHarness)).ranWith(basedir, expectedJavaHome, expectedErrorProne)
return true
