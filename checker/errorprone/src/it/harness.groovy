// Shared by the projects' verify.groovy (the invoker names this file in the variable itHarness). Every
// project under src/it runs in both configurations of the integration tests (JDK 17 with the Error Prone
// release the plugin is built against; the it-matrix profile's JDK and release). A project proves it ran
// the pair it was given by printing the line of user-project/pom.xml's antrun execution (in the root pom
// of a multi-module project) and ending its verify.groovy with
//   new GroovyShell().parse(new File(itHarness)).ranWith(basedir, expectedJavaHome, expectedErrorProne)
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
