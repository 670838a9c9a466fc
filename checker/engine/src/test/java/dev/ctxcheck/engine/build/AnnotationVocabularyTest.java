package dev.ctxcheck.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.build.RawAnnotation.Bool;
import dev.ctxcheck.engine.build.RawAnnotation.Constant;
import dev.ctxcheck.engine.build.RawAnnotation.Number;
import dev.ctxcheck.engine.build.RawAnnotation.Text;
import dev.ctxcheck.engine.facts.ContextAnnotations;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.LockEffect;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The vocabulary on raw annotation data: meanings, and defaults read from the annotation types. */
class AnnotationVocabularyTest {

  private static final String P = "dev.ctxcheck.annotations.";

  private static RawAnnotation a(String simpleName, Map<String, RawAnnotation.ElementValue> values) {
    return new RawAnnotation(P + simpleName, values);
  }

  private static MethodAnnotations method(RawAnnotation... annotations) {
    return AnnotationVocabulary.method(List.of(annotations), List.of());
  }

  @Test
  void operationElementsLeftOutTakeTheDeclaredDefaults() {
    OperationSpec op = method(a("PerCpuOperation", Map.of("value", new Constant("NON_ATOMIC_UPDATE")))).operation();
    assertEquals(new OperationSpec(OpKind.NON_ATOMIC_UPDATE, "", 0), op);
  }

  @Test
  void receiverIsTheAnnotationTypesOwnConstant() {
    OperationSpec op = method(a("PerCpuOperation", Map.of("value", new Constant("ATOMIC_UPDATE"),
        "atomicVariant", new Text("inc"), "variable", new Constant("RECEIVER")))).operation();
    assertEquals(new OperationSpec(OpKind.ATOMIC_UPDATE, "inc", OperationSpec.RECEIVER), op);
    OperationSpec folded = method(a("PerCpuOperation", Map.of("value", new Constant("READ"),
        "variable", new Number(-1)))).operation();
    assertEquals(OperationSpec.RECEIVER, folded.variable());
  }

  @Test
  void anUnknownKindLeavesTheAnnotationOut() {
    assertNull(method(a("PerCpuOperation", Map.of("value", new Constant("SOMETIMES_ATOMIC")))).operation());
    assertNull(method(a("Masks", Map.of())).maskEffect(), "value is required");
  }

  @Test
  void masksCarryTheirPreemptRtMeaning() {
    MaskEffect plain = method(a("Masks", Map.of("value", new Constant("SOFTIRQ")))).maskEffect();
    assertEquals(new MaskEffect(MaskEffect.Action.MASK, MaskLevel.SOFTIRQ, PreemptRtEffect.SAME), plain);
    MaskEffect sleeping = method(a("Unmasks", Map.of("value", new Constant("HARDIRQ"),
        "preemptRt", new Constant("NOTHING")))).maskEffect();
    assertEquals(new MaskEffect(MaskEffect.Action.UNMASK, MaskLevel.HARDIRQ, PreemptRtEffect.NOTHING), sleeping);
    assertEquals(MaskEffect.Action.UNMASK_SCOPE, method(a("UnmasksScope", Map.of())).maskEffect().action());
  }

  @Test
  void locksAndPointers() {
    MethodAnnotations m = method(a("AcquiresLock", Map.of()), a("Masks", Map.of("value", new Constant("PREEMPTION"))));
    assertEquals(List.of(new LockEffect(LockEffect.Action.ACQUIRE, 0)), m.locks());
    assertEquals(List.of(new LockEffect(LockEffect.Action.RELEASE, LockEffect.RECEIVER)),
        method(a("ReleasesLock", Map.of("value", new Constant("RECEIVER")))).locks());
    assertEquals(new PerCpuPointerSpec(PerCpuPointerSpec.Access.OTHER_CPU, 0),
        method(a("PerCpuPointer", Map.of("value", new Constant("OTHER_CPU")))).pointer());
    assertEquals(new PerCpuPointerSpec(PerCpuPointerSpec.Access.THIS_CPU, 1),
        method(a("PerCpuPointer", Map.of("value", new Constant("THIS_CPU"), "variable", new Number(1)))).pointer());
  }

  @Test
  void contextsWithNoThreadOnMethodsAndParameters() {
    MethodAnnotations m = AnnotationVocabulary.method(
        List.of(a("HardirqContext", Map.of("noThread", new Bool(true))), a("NmiContext", Map.of())),
        List.of(List.of(), List.of(a("HardirqContext", Map.of()))));
    assertEquals(Set.of(ExecContext.HARDIRQ, ExecContext.NMI), m.contexts().contexts());
    assertTrue(m.contexts().hardirqNoThread());
    assertSame(ContextAnnotations.NONE, m.parameter(0));
    assertEquals(Set.of(ExecContext.HARDIRQ), m.parameter(1).contexts());
    assertFalse(m.parameter(1).hardirqNoThread(), "noThread defaults to false");
    assertSame(ContextAnnotations.NONE, m.parameter(7));
  }

  @Test
  void otherAnnotationsMeanNothing() {
    assertSame(MethodAnnotations.NONE, method(new RawAnnotation("java.lang.Override", Map.of())));
    assertFalse(AnnotationVocabulary.isRelevant("java.lang.Override"));
    assertTrue(AnnotationVocabulary.isRelevant(P + "Masks"));
  }

  @Test
  void suppressWarningsValues() {
    RawAnnotation one = new RawAnnotation("java.lang.SuppressWarnings", Map.of("value", new Text("all")));
    RawAnnotation many = new RawAnnotation("java.lang.SuppressWarnings", Map.of("value",
        new RawAnnotation.Array(List.of(new Text("NonAtomicPerCpuUpdate"), new Text("unchecked")))));
    assertEquals(Set.of("all", "NonAtomicPerCpuUpdate", "unchecked"),
        AnnotationVocabulary.suppressedWarnings(List.of(one, many)));
  }
}
