// Shared by the projects' verify.groovy (the invoker names this file in the variable itHarness): each
// invocation ran on the JDK and with the Error Prone release the integration test was given.
def ranWith(File basedir, String expectedJavaHome, String expectedErrorProne) {
  def log = new File(basedir, 'build.log').text
  def reports = log.readLines().findAll { it.contains('ctxcheck-it: java.home=') }
  assert !reports.isEmpty() : 'the build did not say which JDK and Error Prone release it ran with'
  def javaHome = new File(expectedJavaHome).canonicalPath
  reports.each { line ->
    def m = line =~ /ctxcheck-it: java.home=(\S+) errorprone.version=(\S+)/
    assert m.find() : line
    assert new File(m.group(1)).canonicalPath == javaHome : "ran on ${m.group(1)}, not ${javaHome}"
    assert m.group(2) == expectedErrorProne : "ran with Error Prone ${m.group(2)}, not ${expectedErrorProne}"
  }
  return reports.size()
}
return this
