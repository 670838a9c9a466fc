package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overrides through generic supertypes, decided as javac decides them: by the type arguments. */
class OverrideMatchingTest {

  private static final String SOURCE = """
      package p;
      interface Handler<T> { void handle(T packet); }
      interface SkbHandler<S extends Skb> extends Handler<S> { }
      class Skb { }
      class BigSkb extends Skb { }
      class Direct implements Handler<Skb> {
        public void handle(Skb s) { }
        public void handle(String name) { }
      }
      class Through implements SkbHandler<BigSkb> {
        public void handle(BigSkb s) { }
        public void handle(Skb s) { }
      }
      class Generic<X extends Skb> implements Handler<X> {
        public void handle(Skb s) { }
      }
      @SuppressWarnings("rawtypes")
      class Raw implements Handler {
        public void handle(Object o) { }
        public void handle(Skb s) { }
      }
      class Comparing implements java.util.Comparator<Skb> {
        public int compare(Skb a, Skb b) { return 0; }
        public int compare(Object a, Skb b) { return 1; }
      }
      """;

  private final TypeModel model;

  OverrideMatchingTest() throws Exception {
    SourceIndex index = new SourceIndex();
    index.add(new JavaParser(SourceAnalyzer.parserConfiguration()).parse(SOURCE).getResult().orElseThrow());
    model = new TypeModel(index, new ClassFiles(List.of()));
  }

  private boolean overrides(String owner, String method, String inheritedOwner, String inherited) {
    MethodInfo m = find(owner, method);
    MethodInfo i = find(inheritedOwner, inherited);
    return model.overrides(owner, m, i);
  }

  private MethodInfo find(String type, String id) {
    return model.type(type).methods().stream().filter(m -> m.id().equals(type + "#" + id)).findFirst()
        .orElseThrow(() -> new AssertionError(type + "#" + id + " in " + model.type(type).methods()));
  }

  @Test
  void theParameterMustBeTheTypeArgument() {
    assertTrue(overrides("p.Direct", "handle(p.Skb)", "p.Handler", "handle(java.lang.Object)"));
    assertFalse(overrides("p.Direct", "handle(java.lang.String)", "p.Handler", "handle(java.lang.Object)"));
  }

  @Test
  void typeArgumentsAreFollowedThroughIntermediateSupertypes() {
    assertEquals(Map.of("T", new Generics.Arg(null, "p.BigSkb")), model.typeArguments("p.Through", "p.Handler"));
    assertTrue(overrides("p.Through", "handle(p.BigSkb)", "p.Handler", "handle(java.lang.Object)"));
    assertFalse(overrides("p.Through", "handle(p.Skb)", "p.Handler", "handle(java.lang.Object)"));
  }

  @Test
  void aTypeVariableArgumentStandsForItsBound() {
    assertTrue(overrides("p.Generic", "handle(p.Skb)", "p.Handler", "handle(java.lang.Object)"));
  }

  @Test
  void throughARawSupertypeErasuresAreCompared() {
    assertEquals(null, model.typeArguments("p.Raw", "p.Handler"));
    assertTrue(overrides("p.Raw", "handle(java.lang.Object)", "p.Handler", "handle(java.lang.Object)"));
    assertFalse(overrides("p.Raw", "handle(p.Skb)", "p.Handler", "handle(java.lang.Object)"));
  }

  @Test
  void typeParametersOfJdkInterfacesComeFromClassFileSignatures() {
    assertTrue(overrides("p.Comparing", "compare(p.Skb,p.Skb)", "java.util.Comparator",
        "compare(java.lang.Object,java.lang.Object)"));
    assertFalse(overrides("p.Comparing", "compare(java.lang.Object,p.Skb)", "java.util.Comparator",
        "compare(java.lang.Object,java.lang.Object)"));
  }
}
