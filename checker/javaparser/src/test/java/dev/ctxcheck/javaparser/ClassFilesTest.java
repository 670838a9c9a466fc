package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.engine.build.AnnotationVocabulary;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.percpu.PerCpu;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped API read from class files: CLASS-retention annotations that reflection cannot see. */
class ClassFilesTest {

  private static Path location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static MethodInfo method(ClassFiles files, String type, String id) {
    TypeInfo t = files.find(type);
    assertNotNull(t, type);
    return t.methods().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
  }

  /** What the engine reads from a method's annotations as the class file holds them. */
  private static MethodAnnotations facts(MethodInfo m) {
    return AnnotationVocabulary.method(m.annotations(), m.parameterAnnotations());
  }

  @Test
  void operationsMasksAndCallbackParametersOfThePercpuRuntime() throws Exception {
    try (ClassFiles files = new ClassFiles(List.of(location(ProcessContext.class), location(PerCpu.class)))) {
      MethodInfo inc = method(files, "dev.ctxcheck.percpu.PerCpu",
          "dev.ctxcheck.percpu.PerCpu#__this_cpu_inc(dev.ctxcheck.percpu.PerCpuLong)");
      assertEquals(OpKind.NON_ATOMIC_UPDATE, facts(inc).operation().kind());
      assertEquals("this_cpu_inc", facts(inc).operation().atomicVariant());
      assertEquals(0, facts(inc).operation().variable());
      assertTrue(inc.isStatic());

      MethodInfo save = method(files, "dev.ctxcheck.percpu.Irq", "dev.ctxcheck.percpu.Irq#local_irq_save()");
      assertEquals(new MaskEffect(MaskEffect.Action.MASK, MaskLevel.HARDIRQ), facts(save).maskEffect());
      assertEquals("dev.ctxcheck.percpu.IrqFlags", save.returnType());

      MethodInfo close = method(files, "dev.ctxcheck.percpu.Guard", "dev.ctxcheck.percpu.Guard#close()");
      assertEquals(MaskEffect.Action.UNMASK_SCOPE, facts(close).maskEffect().action());

      MethodInfo request = method(files, "dev.ctxcheck.percpu.Irq",
          "dev.ctxcheck.percpu.Irq#request_irq(int,dev.ctxcheck.percpu.IrqHandler)");
      assertEquals(Set.of(), facts(request).parameter(0).contexts());
      assertEquals(Set.of(ExecContext.HARDIRQ), facts(request).parameter(1).contexts());
      assertNull(facts(request).maskEffect());
    }
  }

  @Test
  void jdkTypesComeFromTheRunningJdkAndUnknownOnesAreNull() throws Exception {
    try (ClassFiles files = new ClassFiles(List.of())) {
      TypeInfo list = files.find("java.util.ArrayList");
      assertEquals("java.util.AbstractList", list.superclass());
      assertTrue(list.interfaces().contains("java.util.List"));
      assertEquals("java.util.Map$Entry", files.find("java.util.Map").memberTypes().get("Entry"));
      MethodInfo get = list.methods().stream().filter(m -> m.name().equals("get")).findFirst().orElseThrow();
      assertTrue(get.returnsTypeVariable(), "E get(int): a call's type needs the type argument");
      assertNull(files.find("no.such.Type"));
    }
  }
}
