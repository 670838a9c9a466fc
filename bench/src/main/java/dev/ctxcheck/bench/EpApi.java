package dev.ctxcheck.bench;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Error Prone through its compiler entry point ({@code BaseErrorProneJavaCompiler}) with the
 * checks given as classes instead of discovered on the processor path. The same analyzer runs as
 * under {@code -Xplugin:ErrorProne}; only plugin discovery differs. The benchmark uses it when the
 * plugin cannot be discovered (see {@code docs/performance.md}), for every Error Prone
 * configuration alike. Reflection keeps Error Prone off the harness's own class path.
 */
final class EpApi {

  static final String[] CTXCHECK_CHECKS = {
      "dev.ctxcheck.errorprone.NonAtomicPerCpuUpdate",
      "dev.ctxcheck.errorprone.PerCpuUpdateInPreemptibleCode",
      "dev.ctxcheck.errorprone.ContextMaskImbalance"};

  private EpApi() {}

  static int compile(boolean withCtxcheck, String[] args) throws Exception {
    Class<?> builtIn = Class.forName("com.google.errorprone.scanner.BuiltInCheckerSuppliers");
    Class<?> supplierType = Class.forName("com.google.errorprone.scanner.ScannerSupplier");
    Object supplier = builtIn.getMethod("defaultChecks").invoke(null);
    if (withCtxcheck) {
      List<Class<?>> checks = new ArrayList<>();
      for (String c : CTXCHECK_CHECKS) {
        checks.add(Class.forName(c));
      }
      Method from = supplierType.getMethod("fromBugCheckerClasses", Iterable.class);
      Object extra = from.invoke(null, checks);
      supplier = supplierType.getMethod("plus", supplierType).invoke(supplier, extra);
    }
    Class<?> compilerType = Class.forName("com.google.errorprone.BaseErrorProneJavaCompiler");
    javax.tools.JavaCompiler compiler =
        (javax.tools.JavaCompiler) compilerType.getConstructor(supplierType).newInstance(supplier);
    List<String> options = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (String a : expand(args)) {
      (a.endsWith(".java") ? files : options).add(a);
    }
    java.io.PrintWriter err = new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err,
        java.nio.charset.Charset.defaultCharset()), true);
    try (javax.tools.StandardJavaFileManager fm = compiler.getStandardFileManager(null, null, null)) {
      var units = fm.getJavaFileObjectsFromStrings(files);
      boolean ok = compiler.getTask(err, fm, null, options, null, units).call();
      err.flush();
      return ok ? 0 : 1;
    }
  }

  /** Expands {@code @argfile}s (one argument a line, as the generated ones are). */
  private static List<String> expand(String[] args) throws java.io.IOException {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("@")) {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(a.substring(1)))) {
          if (!line.isBlank()) {
            out.add(line.strip());
          }
        }
      } else {
        out.add(a);
      }
    }
    return out;
  }
}
