package dev.ctxcheck.engine.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ContextAnnotations;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.LockEffect;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.Suppression;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.TypeFacts;
import dev.ctxcheck.engine.facts.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary format: round trip of every kind of fact, same bytes for the same facts, refusals. */
class SummaryCodecTest {

  private static final String FILE = "file:///src/lib/Stats.java";

  /** One unit holding every kind of fact and value, with nulls where the records allow them. */
  static SourceFileFacts unitOfEveryKind() {
    FlowGraph.Builder flow = new FlowGraph.Builder();
    int body = flow.newBlock();
    int handler = flow.newBlock();
    flow.addSite(body, 0);
    flow.addSite(body, 1);
    flow.addSite(handler, 1);
    flow.addEdge(flow.entry(), body);
    flow.addEdge(body, flow.exit());
    flow.addExceptionalEdge(body, handler);
    flow.addEdge(handler, flow.uncheckedExit());
    Position at = new Position(FILE, 120, 7, 5);
    CallSite update = new CallSite(CallSite.Kind.INVOKE, "api.PerCpu#__inc(api.Var)", CallSite.Dispatch.VIRTUAL,
        "api.PerCpu", new Value.Field("lib.Stats", "rx", true, false, "api.Var"),
        Arrays.asList(Value.field("lib.Stats", "rx", true, "api.Var"), null,
            new Value.MethodReference("lib.Stats#h()", 1, "api.Handler")),
        Arrays.asList(new TextRange(130, 138), null, new TextRange(140, 150)), at, new TextRange(120, 125),
        CallSite.NameAccess.STATIC_IMPORT, MaskLevel.SOFTIRQ);
    MethodFacts method = MethodFacts.builder("lib.Stats#tick(int)", "tick", "lib.Stats", MethodFacts.Kind.METHOD)
        .displayName("Stats.tick")
        .isStatic(true)
        .parameterTypes(List.of("int"))
        .annotations(new MethodAnnotations(new ContextAnnotations(Set.of(ExecContext.SOFTIRQ, ExecContext.HARDIRQ), true),
            List.of(new ContextAnnotations(Set.of(ExecContext.NMI), false)),
            new OperationSpec(OpKind.NON_ATOMIC_UPDATE, "inc", OperationSpec.RECEIVER),
            new MaskEffect(MaskEffect.Action.MASK, MaskLevel.HARDIRQ, PreemptRtEffect.SOFTIRQ_PROCESSING),
            List.of(new LockEffect(LockEffect.Action.ACQUIRE, LockEffect.RECEIVER)),
            new PerCpuPointerSpec(PerCpuPointerSpec.Access.OTHER_CPU, 0)))
        .parameterCallbacks(List.of(List.of("api.Handler#handle()")))
        .overrides(List.of("lib.Base#tick(int)"))
        .position(at, new TextRange(100, 104))
        .body(List.of(update, CallSite.synthetic("lib.Stats#<init>()", null)), flow.build(),
            localDefinitions(), List.of(new Value.CallResult("lib.Stats#get()", "api.Var"), new Value.Other(null)))
        .build();
    MethodFacts stub = MethodFacts.builder("api.PerCpu#__inc(api.Var)", "__inc", "api.PerCpu", MethodFacts.Kind.METHOD)
        .annotations(MethodAnnotations.NONE)
        .build();
    return new SourceFileFacts(FILE,
        new ImportFacts(new TextRange(0, 12), List.of(new ImportFacts.Import(true, false, "api.PerCpu.__inc",
            "api.PerCpu", "__inc", new TextRange(14, 40), List.of(new TextRange(120, 125))))),
        List.of(new TypeFacts("lib.Stats", "Stats", List.of("lib.Base", "java.lang.Object"),
            new ContextAnnotations(Set.of(ExecContext.PROCESS), false), true)),
        List.of(method), List.of(stub),
        List.of(new TypeFacts("api.PerCpu", "PerCpu", List.of(), ContextAnnotations.NONE, false)),
        List.of(new Suppression(new TextRange(90, 200), Set.of("NonAtomicPerCpuUpdate", "all"))));
  }

  private static Map<String, List<Value>> localDefinitions() {
    Map<String, List<Value>> defs = new LinkedHashMap<>();
    defs.put("v", Arrays.asList(Value.local("w", "api.Var"), null, Value.parameter(0, "int")));
    defs.put("h", List.of(Value.lambda("lib.Stats#lambda$0", "api.Handler"), Value.newObject("lib.Stats$1")));
    return defs;
  }

  static Summary summaryOf(SourceFileFacts unit) {
    return new Summary(List.of(unit), List.of(new Summary.Excerpt(FILE, 130, "Stats.rx")),
        List.of("NonAtomicPerCpuUpdate|" + FILE + "|120|SITE:SOFTIRQ"));
  }

  @Test
  void everyKindOfFactRoundTrips() throws Exception {
    Summary summary = summaryOf(unitOfEveryKind());
    Summary back = SummaryCodec.decode(SummaryCodec.encode(summary));
    assertEquals(summary, back);
    assertEquals(summary.units().get(0).methods().get(0).flow(), back.units().get(0).methods().get(0).flow());
  }

  @Test
  void sameFactsGiveSameBytes() {
    byte[] first = SummaryCodec.encode(summaryOf(unitOfEveryKind()));
    for (int i = 0; i < 5; i++) {
      // Sets built anew each time: their iteration order is free, the bytes must not follow it.
      assertArrayEquals(first, SummaryCodec.encode(summaryOf(unitOfEveryKind())));
    }
  }

  @Test
  void aSummaryGzippedAtAnotherLevelReads() throws Exception {
    // The format number names the Smile stream, not gzip's level: summaries written at gzip's
    // default level (as before the fastest level was chosen) read as they did.
    Summary summary = summaryOf(unitOfEveryKind());
    byte[] smile;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(SummaryCodec.encode(summary)))) {
      smile = in.readAllBytes();
    }
    ByteArrayOutputStream atDefaultLevel = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(atDefaultLevel)) {
      gzip.write(smile);
    }
    assertEquals(summary, SummaryCodec.decode(atDefaultLevel.toByteArray()));
  }

  @Test
  void theFileHoldsWhatEncodeGives(@TempDir Path classes) throws Exception {
    Summary summary = summaryOf(unitOfEveryKind());
    Path file = SummaryFiles.write(classes, summary);
    assertArrayEquals(SummaryCodec.encode(summary), Files.readAllBytes(file));
    assertEquals(summary, SummaryFiles.read(classes));
    try (Stream<Path> left = Files.list(file.getParent())) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left beside the summary");
    }
  }

  @Test
  void anotherFormatIsRefusedWithItsNumber() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
        JsonGenerator out = SmileFactory.builder().build().createGenerator(gzip)) {
      out.writeStartObject();
      out.writeNumberField("format", Summary.FORMAT + 1);
      out.writeFieldName("summary");
      out.writeStartObject();
      out.writeStringField("units", "a field of a format yet to come");
      out.writeEndObject();
      out.writeEndObject();
    }
    SummaryException e = assertThrows(SummaryException.class, () -> SummaryCodec.decode(bytes.toByteArray()));
    assertTrue(e.getMessage().startsWith("its format is " + (Summary.FORMAT + 1) + ","), e.getMessage());
  }

  @Test
  void damagedBytesAreRefused() {
    byte[] good = SummaryCodec.encode(summaryOf(unitOfEveryKind()));
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] flipped = good.clone();
    for (int i = 20; i < flipped.length - 8; i += 7) {
      flipped[i] ^= 0x5a;
    }
    for (byte[] bad : List.of(truncated, flipped, new byte[0], "not a summary".getBytes())) {
      SummaryException e = assertThrows(SummaryException.class, () -> SummaryCodec.decode(bad));
      assertTrue(e.getMessage().startsWith("it is damaged"), e.getMessage());
    }
  }
}
