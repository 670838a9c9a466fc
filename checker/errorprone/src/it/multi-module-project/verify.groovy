// Runs after the four invocations of invoker.properties, whose output build.log holds in turn.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()
def sep = File.separator

def driverRace = 'NicDriver.java:[13,21] [NonAtomicPerCpuUpdate] __this_cpu_inc(rx_packets) can lose updates: ' +
    'reached in SOFTIRQ (net_rx_action -> count_rx) and in HARDIRQ (nic_irq -> count_rx), which can interrupt it; ' +
    'use this_cpu_inc [the update is in a dependency, at com/example/lib/RxStats.java:18; this module\'s code here makes the race]'
def appRace = 'Syscalls.java:[16,21] [NonAtomicPerCpuUpdate] __this_cpu_inc(rx_packets) can lose updates: ' +
    'reached in PROCESS (sys_recv -> count_rx) and in SOFTIRQ (net_rx_action -> count_rx) and in HARDIRQ ' +
    '(nic_irq -> count_rx), which can interrupt it; use this_cpu_inc [the update is in a dependency, at ' +
    'com/example/lib/RxStats.java:18; this module\'s code here makes the race]'
def appPreemptible = 'Syscalls.java:[16,21] [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(rx_packets) runs in ' +
    'preemptible PROCESS context (sys_recv -> count_rx), where another task on this CPU can preempt its ' +
    'read-modify-write; use this_cpu_inc, or disable preemption around it [the update is in a dependency, at ' +
    'com/example/lib/RxStats.java:18; this module\'s code here makes the race]'

def warnings = { String finding -> lines.findAll { it.startsWith('[WARNING] ') && it.endsWith(finding) } }
// Invocations 1 and 2 (plain and -T 2): each finding once per build, in the module whose code makes it.
[driverRace, appRace, appPreemptible].each { finding ->
  def found = warnings(finding)
  assert found.size() == 2 : "expected in both plain builds, found ${found.size()} times:\n" + finding
}
warnings(driverRace).each { assert it.contains("${sep}driver${sep}src${sep}") : it }
(warnings(appRace) + warnings(appPreemptible)).each { assert it.contains("${sep}app${sep}src${sep}") : it }
// Nothing in the library, which alone has no race, and no finding named twice in one module.
assert !lines.any { it.startsWith('[WARNING] ') && it.contains("${sep}lib${sep}src${sep}") } : "a warning in lib"
assert lines.count { it.contains('[NonAtomicPerCpuUpdate]') } == 4 : "NonAtomicPerCpuUpdate reported other than 4 times"

// Invocations 3 and 4: the driver and the app each name the library's spoilt summary once, and build.
def skipped = { String why -> lines.findAll { it.contains('[ctxcheck] skipping the ctxcheck summary of ') &&
    it.contains("${sep}lib${sep}target${sep}") && it.contains(why) } }
assert skipped('(on the class path): it is damaged (ZipException: Not in GZIP format)').size() == 2 :
    "the damaged summary was not named by the driver and the app, once each"
assert skipped('(on the class path): its format is 99, this ctxcheck reads format 1').size() == 2 :
    "the summary of another format was not named by the driver and the app, once each"
assert log.count('BUILD SUCCESS') == 4 : "a build failed"
assert !log.contains('An exception has occurred in the compiler') : "javac crashed"
assert !log.contains('the analysis failed') : "the analysis failed"

def summary = new File(basedir, "lib${sep}target${sep}classes${sep}META-INF${sep}ctxcheck${sep}summary.smile.gz")
assert summary.isFile() : "no summary in the library's class output"
new GroovyShell().parse(new File(itHarness)).ranWith(basedir, expectedJavaHome, expectedErrorProne)
return true
