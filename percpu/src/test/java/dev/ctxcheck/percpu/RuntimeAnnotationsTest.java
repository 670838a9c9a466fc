package dev.ctxcheck.percpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.util.JavacTask;
import dev.ctxcheck.annotations.PerCpuOperation;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's annotations are how ctxcheck knows it, so they are pinned here: every public
 * method of the package, with the ctxcheck annotations on it and on its parameters, must be
 * exactly the table below. Adding, removing or re-annotating a public method fails this test until
 * the table (and so the checker's view of the runtime) is updated on purpose.
 *
 * <p>The annotations have CLASS retention, invisible to {@code java.lang.reflect}, so the compiled
 * classes are read the way ctxcheck reads a library: through javac's model of the class files.
 */
class RuntimeAnnotationsTest {

  private static final String PACKAGE = "dev.ctxcheck.percpu";
  private static final List<String> OPS =
      List.of(
          "add", "sub", "inc", "dec", "write", "read", "add_return", "inc_return", "dec_return");

  private static PackageElement runtime;

  @BeforeAll
  static void readTheCompiledRuntimeAsJavacSeesIt() throws URISyntaxException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classPath =
        location(PerCpu.class) + File.pathSeparator + location(PerCpuOperation.class);
    JavacTask task =
        (JavacTask)
            javac.getTask(
                null, null, null, List.of("-proc:none", "-classpath", classPath), null, null);
    runtime = task.getElements().getPackageElement(PACKAGE);
    assertNotNull(runtime, "package " + PACKAGE + " not found on " + classPath);
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  // -------------------------------------------------------------------------------- the table

  private static final String READ = "@PerCpuOperation(value=READ)";
  private static final String ATOMIC = "@PerCpuOperation(value=ATOMIC_UPDATE)";
  private static final String HARDIRQ = "@Masks(value=HARDIRQ)";
  private static final String SOFTIRQ = "@Masks(value=SOFTIRQ)";
  private static final String PREEMPTION = "@Masks(value=PREEMPTION)";
  private static final String UN_HARDIRQ = "@Unmasks(value=HARDIRQ)";
  private static final String UN_SOFTIRQ = "@Unmasks(value=SOFTIRQ)";
  private static final String UN_PREEMPTION = "@Unmasks(value=PREEMPTION)";
  private static final String NONE = "";
  // Sleeping locks under PREEMPT_RT: they mask nothing there, and serialize their holders.
  private static final String LOCK_PREEMPTION = "@Masks(preemptRt=NOTHING, value=PREEMPTION) @AcquiresLock";
  private static final String LOCK_HARDIRQ = "@Masks(preemptRt=NOTHING, value=HARDIRQ) @AcquiresLock";
  private static final String LOCK_SOFTIRQ =
      "@Masks(preemptRt=SOFTIRQ_PROCESSING, value=SOFTIRQ) @AcquiresLock";
  private static final String UNLOCK_PREEMPTION = "@Unmasks(preemptRt=NOTHING, value=PREEMPTION) @ReleasesLock";
  private static final String UNLOCK_HARDIRQ = "@Unmasks(preemptRt=NOTHING, value=HARDIRQ) @ReleasesLock";
  private static final String UNLOCK_SOFTIRQ =
      "@Unmasks(preemptRt=SOFTIRQ_PROCESSING, value=SOFTIRQ) @ReleasesLock";

  private static Map<String, String> expected() {
    Map<String, String> t = new TreeMap<>();
    for (String op : OPS) {
      boolean takesX = Set.of("add", "sub", "write", "add_return").contains(op);
      String params = takesX ? "(PerCpuLong, long)" : "(PerCpuLong)";
      String ret = op.equals("read") || op.endsWith("_return") ? "long" : "void";
      String nonAtomic = "@PerCpuOperation(atomicVariant=this_cpu_" + op + ", value=";
      t.put("static " + ret + " PerCpu.this_cpu_" + op + params, op.equals("read") ? READ : ATOMIC);
      t.put(
          "static " + ret + " PerCpu.__this_cpu_" + op + params,
          op.equals("read") ? READ : nonAtomic + "NON_ATOMIC_UPDATE)");
      t.put(
          "static " + ret + " PerCpu.raw_cpu_" + op + params,
          op.equals("read") ? READ : nonAtomic + "ACCEPTED_RACE_UPDATE)");
    }
    t.put("static long PerCpu.this_cpu_xchg(PerCpuLong, long)", ATOMIC);
    t.put("static long PerCpu.this_cpu_cmpxchg(PerCpuLong, long, long)", ATOMIC);
    t.put("static long PerCpu.per_cpu_sum(PerCpuLong)", READ);
    t.put("new PerCpuLong()", NONE);
    t.put("new PerCpuLong(String)", NONE);

    t.put("static PerCpuPtr PerCpu.alloc_percpu(Supplier)", NONE);
    t.put("static T PerCpu.this_cpu_ptr(PerCpuPtr)", "@PerCpuPointer(value=THIS_CPU)");
    t.put("static T PerCpu.raw_cpu_ptr(PerCpuPtr)", "@PerCpuPointer(value=ACCEPTED_RACE)");
    t.put("static T PerCpu.get_cpu_ptr(PerCpuPtr)", "@PerCpuPointer(value=THIS_CPU) " + PREEMPTION);
    t.put("static void PerCpu.put_cpu_ptr(PerCpuPtr)", UN_PREEMPTION);
    t.put("static T PerCpu.per_cpu_ptr(PerCpuPtr, int)", "@PerCpuPointer(value=OTHER_CPU)");

    t.put("static IrqFlags Irq.local_irq_save()", HARDIRQ);
    t.put("static void Irq.local_irq_restore(IrqFlags)", UN_HARDIRQ);
    t.put("static void Irq.local_irq_disable()", HARDIRQ);
    t.put("static void Irq.local_irq_enable()", UN_HARDIRQ);
    t.put("static void Irq.request_irq(int, IrqHandler)", " p1=@HardirqContext");
    t.put("static void Irq.request_threaded_irq(int, IrqHandler)", " p1=@HardirqContext");
    t.put("static void Irq.request_irq_nothread(int, IrqHandler)", " p1=@HardirqContext(noThread=true)");
    t.put("static void Irq.raise(int)", NONE);
    t.put("static SortedSet Irq.requested()", NONE);

    t.put("static void Bh.local_bh_disable()", SOFTIRQ);
    t.put("static void Bh.local_bh_enable()", UN_SOFTIRQ);

    t.put("static void Preempt.preempt_disable()", PREEMPTION);
    t.put("static void Preempt.preempt_enable()", UN_PREEMPTION);
    t.put("static void Preempt.migrate_disable()", NONE);
    t.put("static void Preempt.migrate_enable()", NONE);

    t.put("static void Rcu.rcu_read_lock()", NONE);
    t.put("static void Rcu.rcu_read_unlock()", NONE);
    t.put("static void Rcu.rcu_read_lock_sched()", PREEMPTION);
    t.put("static void Rcu.rcu_read_unlock_sched()", UN_PREEMPTION);
    t.put("static void Rcu.rcu_read_lock_bh()", SOFTIRQ);
    t.put("static void Rcu.rcu_read_unlock_bh()", UN_SOFTIRQ);

    t.put("new SpinLock()", NONE);
    t.put("static void SpinLock.spin_lock(SpinLock)", LOCK_PREEMPTION);
    t.put("static void SpinLock.spin_unlock(SpinLock)", UNLOCK_PREEMPTION);
    t.put("static void SpinLock.spin_lock_bh(SpinLock)", LOCK_SOFTIRQ);
    t.put("static void SpinLock.spin_unlock_bh(SpinLock)", UNLOCK_SOFTIRQ);
    t.put("static void SpinLock.spin_lock_irq(SpinLock)", LOCK_HARDIRQ);
    t.put("static void SpinLock.spin_unlock_irq(SpinLock)", UNLOCK_HARDIRQ);
    t.put("static IrqFlags SpinLock.spin_lock_irqsave(SpinLock)", LOCK_HARDIRQ);
    t.put("static void SpinLock.spin_unlock_irqrestore(SpinLock, IrqFlags)", UNLOCK_HARDIRQ);

    t.put("new LocalLock()", NONE);
    t.put("static void LocalLock.local_lock(LocalLock)", LOCK_PREEMPTION);
    t.put("static void LocalLock.local_unlock(LocalLock)", UNLOCK_PREEMPTION);
    t.put("static void LocalLock.local_lock_irq(LocalLock)", LOCK_HARDIRQ);
    t.put("static void LocalLock.local_unlock_irq(LocalLock)", UNLOCK_HARDIRQ);
    t.put("static IrqFlags LocalLock.local_lock_irqsave(LocalLock)", LOCK_HARDIRQ);
    t.put("static void LocalLock.local_unlock_irqrestore(LocalLock, IrqFlags)", UNLOCK_HARDIRQ);
    // Masks nothing (BH is already off where it is legal): a lock only.
    t.put("static void LocalLock.local_lock_nested_bh(LocalLock)", "@AcquiresLock");
    t.put("static void LocalLock.local_unlock_nested_bh(LocalLock)", "@ReleasesLock");

    t.put("static Guard Guard.irqsave()", HARDIRQ);
    t.put("static Guard Guard.irq()", HARDIRQ);
    t.put("static Guard Guard.bh()", SOFTIRQ);
    t.put("static Guard Guard.preempt()", PREEMPTION);
    t.put("static Guard Guard.spinlock(SpinLock)", LOCK_PREEMPTION);
    t.put("static Guard Guard.spinlock_bh(SpinLock)", LOCK_SOFTIRQ);
    t.put("static Guard Guard.spinlock_irqsave(SpinLock)", LOCK_HARDIRQ);
    t.put("static Guard Guard.locallock(LocalLock)", LOCK_PREEMPTION);
    t.put("static Guard Guard.locallock_irqsave(LocalLock)", LOCK_HARDIRQ);
    t.put("static Guard Guard.locallock_nested_bh(LocalLock)", "@AcquiresLock");
    t.put("void Guard.close()", "@UnmasksScope");

    t.put("static void Softirq.tasklet_schedule(Runnable)", " p0=@SoftirqContext");
    t.put("static void Softirq.timer_setup(Timer, Runnable)", " p1=@SoftirqContext");
    t.put("static void Softirq.napi_schedule(NapiPoll)", " p0=@SoftirqContext");
    t.put("static void Workqueue.queue_work(Runnable)", " p0=@ProcessContext");
    t.put("static void Kthread.kthread_run(Runnable)", " p0=@ProcessContext");
    t.put("static void Nmi.register_nmi_handler(NmiHandler)", " p0=@NmiContext");
    t.put("static void Nmi.raise()", NONE);

    t.put("new Timer()", NONE);
    t.put("void Timer.expire()", NONE);
    t.put("static void Timer.expireAll()", NONE);
    t.put("int IrqHandler.handle(int)", NONE);
    t.put("int NapiPoll.poll(int)", NONE);
    t.put("int NmiHandler.handle()", NONE);

    // Lockdep describes the checker's own findings at run time: nothing in it is annotated.
    for (String m :
        List.of(
            "static void Lockdep.enable()",
            "static void Lockdep.disable()",
            "static List Lockdep.reports()",
            "static Map Lockdep.usages()",
            "static void Lockdep.clear()",
            "String Lockdep.Report.variable()",
            "String Lockdep.Report.allocatedAt()",
            "Usage Lockdep.Report.nonAtomic()",
            "Usage Lockdep.Report.interrupting()",
            "new Lockdep.Report(String, String, Usage, Usage)",
            "Context Lockdep.Usage.context()",
            "Set Lockdep.Usage.masked()",
            "List Lockdep.Usage.locks()",
            "String Lockdep.Usage.operation()",
            "Kind Lockdep.Usage.kind()",
            "List Lockdep.Usage.stack()",
            "StackTraceElement Lockdep.Usage.site()",
            "String Lockdep.Usage.where()",
            "new Lockdep.Usage(Context, Set, List, String, Kind, List)")) {
      t.put(m, NONE);
    }

    for (String m :
        List.of(
            "int Cpu.smp_processor_id()",
            "void Cpu.runOn(int, Runnable)",
            "void Cpu.atNextWindow(Runnable)",
            "void Cpu.reset()",
            "boolean Cpu.in_task()",
            "boolean Cpu.in_serving_softirq()",
            "boolean Cpu.in_hardirq()",
            "boolean Cpu.in_nmi()",
            "boolean Cpu.irqs_disabled()",
            "boolean Cpu.preemptible()")) {
      t.put("static " + m, NONE);
    }
    return t;
  }

  // -------------------------------------------------------------------------------- the tests

  @Test
  void everyPublicMethodCarriesExactlyTheAnnotationsOfTheTable() {
    Map<String, String> actual = new TreeMap<>();
    for (TypeElement type : ElementFilter.typesIn(runtime.getEnclosedElements())) {
      collect(type, actual);
    }
    assertEquals(table(expected()), table(actual));
  }

  /** The public constructors and methods of {@code type} and of its public nested types. */
  private static void collect(TypeElement type, Map<String, String> out) {
    if (!type.getModifiers().contains(Modifier.PUBLIC)) {
      return;
    }
    for (ExecutableElement m : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (m.getModifiers().contains(Modifier.PUBLIC)) {
        out.put("new " + typeName(type) + parameters(m), annotationsOf(m));
      }
    }
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getModifiers().contains(Modifier.PUBLIC) && !overridesObject(m) && !enumMember(type, m)) {
        out.put(signature(type, m), annotationsOf(m));
      }
    }
    for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
      collect(nested, out);
    }
  }

  /** {@code values()} and {@code valueOf(String)}, which every enum has. */
  private static boolean enumMember(TypeElement type, ExecutableElement m) {
    String name = m.getSimpleName().toString();
    return type.getKind() == ElementKind.ENUM && (name.equals("values") || name.equals("valueOf"));
  }

  /** {@code Lockdep.Report}: the simple names from the package down. */
  private static String typeName(TypeElement type) {
    return type.getEnclosingElement() instanceof TypeElement outer
        ? typeName(outer) + "." + type.getSimpleName()
        : type.getSimpleName().toString();
  }

  @Test
  void everyNonAtomicOperationNamesAnAtomicVariantOfTheSameShape() {
    TypeElement perCpu = type("PerCpu");
    Map<String, ExecutableElement> byName =
        ElementFilter.methodsIn(perCpu.getEnclosedElements()).stream()
            .collect(Collectors.toMap(m -> m.getSimpleName().toString(), m -> m));
    int checked = 0;
    for (ExecutableElement m : byName.values()) {
      AnnotationMirror op = annotation(m, "PerCpuOperation");
      if (op == null) {
        continue;
      }
      assertEquals(
          "PerCpuLong", simpleName(m.getParameters().get(0).asType()), m + ": variable() is 0");
      String variant = value(op, "atomicVariant");
      String kind = value(op, "value");
      if (!kind.equals("NON_ATOMIC_UPDATE") && !kind.equals("ACCEPTED_RACE_UPDATE")) {
        continue;
      }
      ExecutableElement atomic = byName.get(variant);
      assertNotNull(atomic, m + " names " + variant);
      assertEquals(parameters(m), parameters(atomic), m + " and " + variant);
      assertEquals("ATOMIC_UPDATE", value(annotation(atomic, "PerCpuOperation"), "value"));
      checked++;
    }
    assertEquals(2 * (OPS.size() - 1), checked);
  }

  @Test
  void theTypesHaveTheShapesOfTheContract() throws NoSuchMethodException {
    for (Class<?> c : List.of(IrqFlags.class, Guard.class, LocalLock.class, PerCpuPtr.class, Lockdep.class)) {
      assertTrue(java.lang.reflect.Modifier.isFinal(c.getModifiers()), c + " is final");
    }
    assertTrue(Lockdep.Report.class.isRecord() && Lockdep.Usage.class.isRecord());
    assertTrue(AutoCloseable.class.isAssignableFrom(Guard.class));
    assertEquals(0, Guard.class.getMethod("close").getExceptionTypes().length);
    for (Class<?> callback : List.of(IrqHandler.class, NapiPoll.class, NmiHandler.class)) {
      assertTrue(callback.isInterface() && callback.isAnnotationPresent(FunctionalInterface.class));
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private static TypeElement type(String simpleName) {
    return ElementFilter.typesIn(runtime.getEnclosedElements()).stream()
        .filter(t -> t.getSimpleName().contentEquals(simpleName))
        .findFirst()
        .orElseThrow();
  }

  private static boolean overridesObject(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    return m.getParameters().isEmpty() && (name.equals("toString") || name.equals("hashCode"))
        || name.equals("equals") && m.getParameters().size() == 1;
  }

  private static String signature(TypeElement type, ExecutableElement m) {
    return (m.getModifiers().contains(Modifier.STATIC) ? "static " : "")
        + simpleName(m.getReturnType())
        + " "
        + typeName(type)
        + "."
        + m.getSimpleName()
        + parameters(m);
  }

  private static String parameters(ExecutableElement m) {
    return m.getParameters().stream()
        .map(p -> simpleName(p.asType()))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String simpleName(TypeMirror type) {
    return type instanceof DeclaredType
        ? ((DeclaredType) type).asElement().getSimpleName().toString()
        : type.toString();
  }

  /** The ctxcheck annotations on {@code m}, then those on each of its parameters. */
  private static String annotationsOf(ExecutableElement m) {
    StringBuilder s = new StringBuilder(describe(m));
    for (int i = 0; i < m.getParameters().size(); i++) {
      String onParameter = describe(m.getParameters().get(i));
      if (!onParameter.isEmpty()) {
        s.append(" p").append(i).append('=').append(onParameter);
      }
    }
    return s.toString();
  }

  private static String describe(Element e) {
    List<String> out = new ArrayList<>();
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) a.getAnnotationType().asElement();
      if (!type.getQualifiedName().toString().startsWith("dev.ctxcheck.annotations.")) {
        continue;
      }
      String values =
          a.getElementValues().entrySet().stream()
              .map(v -> v.getKey().getSimpleName() + "=" + text(v.getValue()))
              .sorted()
              .collect(Collectors.joining(", "));
      out.add("@" + type.getSimpleName() + (values.isEmpty() ? "" : "(" + values + ")"));
    }
    return String.join(" ", out);
  }

  private static String text(AnnotationValue v) {
    Object value = v.getValue();
    return value instanceof VariableElement
        ? ((VariableElement) value).getSimpleName().toString()
        : String.valueOf(value);
  }

  private static AnnotationMirror annotation(Element e, String simpleName) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      if (a.getAnnotationType().asElement().getSimpleName().contentEquals(simpleName)) {
        return a;
      }
    }
    return null;
  }

  private static String value(AnnotationMirror a, String name) {
    return a.getElementValues().entrySet().stream()
        .filter(v -> v.getKey().getSimpleName().contentEquals(name))
        .map(v -> text(v.getValue()))
        .findFirst()
        .orElse("");
  }

  /** One line per method, so a failure shows the lines that differ. */
  private static String table(Map<String, String> t) {
    return t.entrySet().stream()
        .map(e -> e.getKey() + "  " + e.getValue())
        .collect(Collectors.joining("\n"));
  }
}
