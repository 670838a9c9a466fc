package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.engine.facts.ContextAnnotations;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.LockEffect;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.TypeFacts;
import dev.ctxcheck.javac.JavacFrontEnd;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import dev.ctxcheck.percpu.PerCpu;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both front ends make the same unit of a file: the same declared types and methods with the same
 * annotation facts (the new ones too: locks, PREEMPT_RT, no-thread handlers, per-CPU pointers), the
 * same stubs of what the file names, read from source by one and from class files by the other.
 */
class FrontEndParityTest {

  @TempDir Path tmp;

  private static final String SOURCE = """
      package drv;

      import static dev.ctxcheck.percpu.PerCpu.*;

      import dev.ctxcheck.annotations.*;
      import dev.ctxcheck.annotations.PerCpuOperation.Kind;
      import dev.ctxcheck.annotations.PerCpuPointer.Access;
      import dev.ctxcheck.percpu.*;

      @HardirqContext(noThread = true)
      final class Locks {
        static final class Lock {}

        @Masks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
        @AcquiresLock
        static void lock(Lock l) {}

        @Unmasks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
        @ReleasesLock(0)
        static void unlock(Lock l) {}

        @Masks(value = Masked.SOFTIRQ, preemptRt = PreemptRt.SOFTIRQ_PROCESSING)
        @AcquiresLock(AcquiresLock.RECEIVER)
        void lockBh() {}

        @PerCpuPointer(Access.THIS_CPU)
        static Object ptr(Object p) {
          return p;
        }

        @PerCpuPointer(value = Access.OTHER_CPU, variable = 1)
        static Object remote(int cpu, Object p) {
          return p;
        }

        @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "inc", variable = PerCpuOperation.RECEIVER)
        void __inc() {}

        @SuppressWarnings("NonAtomicPerCpuUpdate")
        static void register(@HardirqContext(noThread = true) @SoftirqContext Runnable r) {}

        static final PerCpuLong EVENTS = new PerCpuLong();

        @ProcessContext
        static void use(Lock l) {
          lock(l);
          __this_cpu_inc(EVENTS);
          unlock(l);
          register(() -> this_cpu_inc(EVENTS));
          Irq.request_irq(1, irq -> 0);
          try (Guard g = Guard.irqsave()) {
            new Locks().__inc();
          }
        }
      }
      """;

  @Test
  void bothFrontEndsMakeTheSameUnit() throws Exception {
    Path file = tmp.resolve("drv").resolve("Locks.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, SOURCE);
    SourceFileFacts javac = javacUnit(file);
    SourceAnalyzer.Extraction source = SourceAnalyzer.extract(
        List.of(new SourceAnalyzer.Input(file.toUri().toString(), file.toString(), SOURCE)), List.of());
    assertTrue(source.problems().isEmpty() && source.unresolved().isEmpty(),
        () -> source.problems() + " " + source.unresolved());
    assertEquals(1, source.units().size());
    SourceFileFacts src = source.units().get(0);

    assertEquals(byId(javac.types()), byId(src.types()), "declared types");
    assertEquals(describe(javac.methods()), describe(src.methods()), "declared methods");
    assertEquals(describe(javac.stubs()), describe(src.stubs()), "stubs");
    assertEquals(byId(javac.typeStubs()), byId(src.typeStubs()), "type stubs");
    assertEquals(javac.suppressions(), src.suppressions(), "suppressions");
    assertEquals(javac.imports(), src.imports(), "imports");
    assertEquals(javac, src, "the whole unit");

    // And what they read is what the annotations say.
    Map<String, MethodFacts> methods = new LinkedHashMap<>();
    src.methods().forEach(m -> methods.put(m.id(), m));
    src.stubs().forEach(m -> methods.put(m.id(), m));
    assertEquals(new MaskEffect(MaskEffect.Action.MASK, MaskLevel.PREEMPTION, PreemptRtEffect.NOTHING),
        methods.get("drv.Locks#lock(drv.Locks$Lock)").maskEffect());
    assertEquals(List.of(new LockEffect(LockEffect.Action.ACQUIRE, 0)),
        methods.get("drv.Locks#lock(drv.Locks$Lock)").annotations().locks());
    assertEquals(List.of(new LockEffect(LockEffect.Action.RELEASE, 0)),
        methods.get("drv.Locks#unlock(drv.Locks$Lock)").annotations().locks());
    MethodAnnotations lockBh = methods.get("drv.Locks#lockBh()").annotations();
    assertEquals(PreemptRtEffect.SOFTIRQ_PROCESSING, lockBh.maskEffect().preemptRt());
    assertEquals(List.of(new LockEffect(LockEffect.Action.ACQUIRE, LockEffect.RECEIVER)), lockBh.locks());
    assertEquals(new PerCpuPointerSpec(PerCpuPointerSpec.Access.THIS_CPU, 0),
        methods.get("drv.Locks#ptr(java.lang.Object)").annotations().pointer());
    assertEquals(new PerCpuPointerSpec(PerCpuPointerSpec.Access.OTHER_CPU, 1),
        methods.get("drv.Locks#remote(int,java.lang.Object)").annotations().pointer());
    assertEquals(new OperationSpec(OpKind.NON_ATOMIC_UPDATE, "inc", OperationSpec.RECEIVER),
        methods.get("drv.Locks#__inc()").operation());
    assertEquals(new ContextAnnotations(Set.of(ExecContext.HARDIRQ, ExecContext.SOFTIRQ), true),
        methods.get("drv.Locks#register(java.lang.Runnable)").annotations().parameter(0));
    TypeFacts locks = src.types().stream().filter(t -> t.id().equals("drv.Locks")).findFirst().orElseThrow();
    assertEquals(new ContextAnnotations(Set.of(ExecContext.HARDIRQ), true), locks.annotations());
    MethodFacts request = methods.get("dev.ctxcheck.percpu.Irq#request_irq(int,dev.ctxcheck.percpu.IrqHandler)");
    assertNotNull(request, "a stub read from the runtime's class files");
    assertEquals(Set.of(ExecContext.HARDIRQ), request.parameterContexts(1));
    assertEquals(List.of("dev.ctxcheck.percpu.IrqHandler#handle(int)"), request.parameterCallbacks(1));
  }

  private static Map<String, TypeFacts> byId(List<TypeFacts> types) {
    Map<String, TypeFacts> out = new LinkedHashMap<>();
    types.forEach(t -> out.put(t.id(), t));
    return out;
  }

  /** Each method by id, with what the builder made of it (its sites by kind and target). */
  private static Map<String, String> describe(List<MethodFacts> methods) {
    Map<String, String> out = new LinkedHashMap<>();
    for (MethodFacts m : methods) {
      out.put(m.id(), m.displayName() + " " + m.kind() + " " + m.annotations() + " callbacks " + m.parameterCallbacks()
          + " overrides " + m.overrides() + " at " + m.position() + " name " + m.nameRange() + " sites "
          + m.sites().stream().map(s -> s.kind() + " " + s.target() + " " + s.position() + " " + s.nameRange()
              + " " + s.nameAccess() + " " + s.arguments() + " " + s.scopeLevel()).toList()
          + " locals " + m.localDefinitions() + " returns " + m.returnValues() + " flow " + m.flow());
    }
    return out;
  }

  private static SourceFileFacts javacUnit(Path file) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      String cp = location(ProcessContext.class) + File.pathSeparator + location(PerCpu.class);
      JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), files, null,
          List.of("-proc:none", "-classpath", cp), null, files.getJavaFileObjectsFromPaths(List.of(file)));
      CompilationUnitTree unit = task.parse().iterator().next();
      task.analyze();
      JavacFrontEnd frontEnd = new JavacFrontEnd(JavacProcessingEnvironment.instance(((BasicJavacTask) task).getContext()));
      return frontEnd.extract(unit);
    }
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
