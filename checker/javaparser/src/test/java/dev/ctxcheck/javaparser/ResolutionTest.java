package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.analysis.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Name and type resolution of source mode: questions that come back to themselves, and their limits. */
class ResolutionTest {

  @TempDir Path tmp;

  /**
   * A lambda's parameter types come from the call it is passed to, whose overloads are chosen by
   * the types of its arguments: in parentheses or a conditional, the lambda was typed through the
   * call again, without end (a stack overflow left the whole file out).
   */
  private static final String CYCLE = """
      package p;
      import java.util.function.Function;
      class Cycle {
        int n;
        void take(Function<String, Integer> f) { n += f.apply("x"); }
        void take(Runnable r) { r.run(); }
        void run(boolean c) {
          take(c ? s -> s.length() : s -> s.hashCode());
          take((s -> s.length()));
          take((Function<String, Integer>) s -> s.length());
          take(() -> n++);
        }
      }
      """;

  @Test
  void lambdasInParenthesesAndConditionalsChooseTheOverloadWithoutEndlessRecursion() throws Exception {
    Resolutions r = Resolutions.of(CYCLE);
    String function = "p.Cycle#take(java.util.function.Function)";
    assertEquals(function, r.target("8:take(c ? s -> s.length() : s -> s.hashCode())"));
    assertEquals(function, r.target("9:take((s -> s.length()))"));
    assertEquals(function, r.target("10:take((Function<String, Integer>) s -> s.length())"));
    assertEquals("p.Cycle#take(java.lang.Runnable)", r.target("11:take(() -> n++)"));
    assertEquals("java.lang.String#length()", r.target("8:s.length()"));
    assertEquals(List.of(), r.unresolved());
  }

  @Test
  void aFileWithSuchCyclesIsAnalysedWhole() throws Exception {
    Path file = tmp.resolve("Cycle.java");
    Files.writeString(file, CYCLE);
    SourceAnalyzer.Result result = SourceAnalyzer.analyze(List.of(file), List.of(), Config.DEFAULT);
    assertEquals(List.of(), result.problems());
    assertEquals(1, result.stats().filesAnalysed());
  }

  /**
   * Recursive type parameters over a stream wrapper and generic functional interfaces nested
   * several deep, as in functional-programming libraries: every file is analysed, and the calls on
   * receivers whose types are written resolve.
   */
  @Test
  void recursiveTypeParametersAndNestedGenericFunctionsAreAnalysed() throws Exception {
    Path file = tmp.resolve("Streams.java");
    Files.writeString(file, RECURSIVE);
    SourceAnalyzer.Result result = SourceAnalyzer.analyze(List.of(file), List.of(), Config.DEFAULT);
    assertEquals(List.of(), result.problems());
    assertEquals(1, result.stats().filesAnalysed());

    Resolutions r = Resolutions.of(RECURSIVE);
    assertEquals("p.ListSeq#filter(java.util.function.Predicate)", r.target("43:seq.filter(s -> s.length() > 2)"));
    assertEquals("p.ListSeq#peek(p.Fn1)", r.target("41:seq.filter(s -> s.startsWith(a)).peek(s -> s.length())"));
    assertEquals("p.Fn2#curried()", r.target("37:add.curried()"));
    assertEquals("p.Fn1#identity()", r.target("45:Fn1.<String>identity()"));
    assertEquals("p.Use#bump(int)", r.target("44:bump(n)"));
    assertEquals("java.lang.String#length()", r.target("46:deep.get().apply(\"a\").apply(\"b\").apply(\"c\").length()"));
    assertEquals("p.ListSeq#toList()", r.target("41:seq.filter(s -> s.startsWith(a)).peek(s -> s.length()).toList()"));
    assertTrue(r.unresolved().stream().noneMatch(u -> u.contains("filter") || u.contains("peek") || u.contains("toList")),
        r.unresolved().toString());
  }

  private static final String RECURSIVE = """
      package p;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.function.Predicate;
      import java.util.function.Supplier;
      interface Seq<T, S extends Seq<T, S>> {
        S filter(Predicate<? super T> p);
        S peek(Fn1<? super T, ?> f);
        <R> Fn1<Fn1<T, R>, List<R>> mapper();
        List<T> toList();
      }
      interface Fn1<A, R> {
        R apply(A a);
        default <V> Fn1<A, V> andThen(Fn1<? super R, ? extends V> after) { return a -> after.apply(apply(a)); }
        default <V> Fn1<V, R> compose(Fn1<? super V, ? extends A> before) { return v -> apply(before.apply(v)); }
        static <A> Fn1<A, A> identity() { return a -> a; }
      }
      interface Fn2<A, B, R> {
        R apply(A a, B b);
        default Fn1<A, Fn1<B, R>> curried() { return a -> b -> apply(a, b); }
      }
      final class ListSeq<T> implements Seq<T, ListSeq<T>> {
        private final List<T> items;
        ListSeq(List<T> items) { this.items = items; }
        @Override public ListSeq<T> filter(Predicate<? super T> p) {
          List<T> out = new ArrayList<>();
          for (T t : items) { if (p.test(t)) { out.add(t); } }
          return new ListSeq<>(out);
        }
        @Override public ListSeq<T> peek(Fn1<? super T, ?> f) { items.forEach(t -> f.apply(t)); return this; }
        @Override public <R> Fn1<Fn1<T, R>, List<R>> mapper() { return f -> new ArrayList<>(); }
        @Override public List<T> toList() { return items; }
      }
      class Use {
        int count;
        void run(ListSeq<String> seq) {
          Fn2<Integer, Integer, Integer> add = (a, b) -> a + b; Fn1<Integer, Fn1<Integer, Integer>> c = add.curried();
          Fn1<Fn1<Integer, Integer>, Fn1<Integer, Fn1<Integer, Integer>>> lift =
              f -> x -> y -> c.apply(f.apply(x)).apply(y);
          Supplier<Fn1<String, Fn1<String, Fn1<String, String>>>> deep =
              () -> a -> b -> d -> seq.filter(s -> s.startsWith(a)).peek(s -> s.length()).toList().get(0) + b + d;
          bump(lift.apply(x -> x + 1).apply(2).apply(3));
          seq.filter(s -> s.length() > 2).peek(s -> { count++; return s; }).filter(s -> s.contains("x"))
              .<Integer>mapper().apply(s -> s.length()).forEach(n -> bump(n));
          Fn1<String, Integer> len = Fn1.<String>identity().andThen(s -> s.length()).andThen(n -> n * 2);
          bump(deep.get().apply("a").apply("b").apply("c").length());
        }
        void bump(int n) { count += n; }
      }
      """;

  @Test
  void aFileWhoseSolverTimeRanOutSaysSoOnceAndStillResolvesWhatTheIndexCan() throws Exception {
    Resolutions r = Resolutions.of(0L, RECURSIVE);
    assertEquals("p.ListSeq#filter(java.util.function.Predicate)", r.target("43:seq.filter(s -> s.length() > 2)"));
    List<String> ranOut = r.unresolved().stream().filter(u -> u.contains("time for this file ran out")).toList();
    assertEquals(1, ranOut.size(), r.unresolved().toString());
  }

  /** Members of the JDK, read from the running JDK's class files, as a program calls them. */
  @Test
  void jdkMembersResolveFromTheRunningJdk() throws Exception {
    Resolutions r = Resolutions.of("""
        package p;
        import java.util.*;
        import java.util.function.*;
        class Jdk<T extends Comparable<T>> {
          void copy(int[] a, int[] b) { System.arraycopy(a, 0, b, 0, a.length); }
          void sortInts(int[] a) { Arrays.sort(a); }
          void sortStrings(String[] a) { Arrays.sort(a); }
          void sortRange(long[] a) { Arrays.sort(a, 1, 3); }
          void sortGeneric(T[] a, Comparator<T> c) { Arrays.sort(a, c); }
          void sortList(List<String> l) { Collections.sort(l); }
          void sortListBy(List<T> l) { Collections.sort(l, (x, y) -> y.compareTo(x)); }
          void addAll(List<String> from, List<String> to) { from.forEach(to::add); }
          BiConsumer<List<String>, String> adder() { return List::add; }
          String build(StringBuilder sb, char c, int i, String s) {
            Consumer<String> f = sb::append;
            return sb.append(c).append(i).append(s).toString();
          }
          boolean eq(T a, T b) { return a.equals(b); }
          boolean eqString(List<String> l) { return l.get(0).equals("x"); }
          int cmp(T a, T b) { return a.compareTo(b); }
        }
        """);
    assertEquals("java.lang.System#arraycopy(java.lang.Object,int,java.lang.Object,int,int)",
        r.target("5:System.arraycopy(a, 0, b, 0, a.length)"));
    assertEquals("java.util.Arrays#sort(int[])", r.target("6:Arrays.sort(a)"));
    assertEquals("java.util.Arrays#sort(java.lang.Object[])", r.target("7:Arrays.sort(a)"));
    assertEquals("java.util.Arrays#sort(long[],int,int)", r.target("8:Arrays.sort(a, 1, 3)"));
    assertEquals("java.util.Arrays#sort(java.lang.Object[],java.util.Comparator)", r.target("9:Arrays.sort(a, c)"));
    assertEquals("java.util.Collections#sort(java.util.List)", r.target("10:Collections.sort(l)"));
    assertEquals("java.util.Collections#sort(java.util.List,java.util.Comparator)",
        r.target("11:Collections.sort(l, (x, y) -> y.compareTo(x))"));
    assertEquals("java.lang.Comparable#compareTo(java.lang.Object)", r.target("11:y.compareTo(x)"));
    assertEquals("java.lang.Iterable#forEach(java.util.function.Consumer)", r.target("12:from.forEach(to::add)"));
    assertEquals("java.util.List#add(java.lang.Object)", r.target("12:to::add"));
    assertEquals("java.util.List#add(java.lang.Object)", r.target("13:List::add"));
    assertEquals("java.lang.StringBuilder#append(java.lang.String)", r.target("15:sb::append"));
    assertEquals("java.lang.StringBuilder#append(char)", r.target("16:sb.append(c)"));
    assertEquals("java.lang.StringBuilder#append(int)", r.target("16:sb.append(c).append(i)"));
    assertEquals("java.lang.StringBuilder#append(java.lang.String)", r.target("16:sb.append(c).append(i).append(s)"));
    assertEquals("java.lang.Object#equals(java.lang.Object)", r.target("18:a.equals(b)"));
    assertEquals("java.lang.String#equals(java.lang.Object)", r.target("19:l.get(0).equals(\"x\")"));
    assertEquals("java.lang.Comparable#compareTo(java.lang.Object)", r.target("20:a.compareTo(b)"));
    assertEquals(List.of(), r.unresolved());
  }

  /** Calls that real libraries make and source mode left unresolved, each as it was found. */
  @Test
  void patternsFoundInRealLibrariesResolve() throws Exception {
    Resolutions r = Resolutions.of("""
        package p;
        import java.util.function.*;
        @interface Expose { boolean serialize() default true; String value(); }
        class Sorter {
          static char[] sort(char[] a) { return a; }
          static int[] sort(int[] a) { return a; }
          static <T> T copy(T source, int n, Function<Integer, T> allocator) { return allocator.apply(n); }
          static <T> T copy(T source, int n, Supplier<T> allocator) { return allocator.get(); }
          static void run(Runnable action, Consumer<Throwable> onError) { }
          static void run(Runnable action, BiConsumer<Throwable, String> onError) { }
        }
        class Joiner {
          private BiConsumer<StringBuilder, String> appender;
          Joiner(BiConsumer<StringBuilder, String> appender) {
            this.appender = appender != null ? appender : (a, e) -> a.append(e);
          }
          char[] sorted(char[] chars) { return Sorter.sort(chars.clone()); }
          boolean[] copied(boolean[] b) { return Sorter.copy(b, 3, boolean[]::new); }
          void run(Runnable r, Consumer<Throwable> h) { Sorter.run(r::run, h != null ? h::accept : null); }
          boolean exposed(Expose e) { return e.serialize() && e.value().isEmpty(); }
        }
        """);
    assertEquals("p.Sorter#sort(char[])", r.target("17:Sorter.sort(chars.clone())"));
    assertEquals("p.Sorter#copy(java.lang.Object,int,java.util.function.Function)",
        r.target("18:Sorter.copy(b, 3, boolean[]::new)"));
    assertEquals("p.Sorter#run(java.lang.Runnable,java.util.function.Consumer)",
        r.target("19:Sorter.run(r::run, h != null ? h::accept : null)"));
    assertEquals("java.lang.StringBuilder#append(java.lang.String)", r.target("15:a.append(e)"));
    assertEquals("p.Expose#serialize()", r.target("20:e.serialize()"));
    assertEquals("java.lang.String#isEmpty()", r.target("20:e.value().isEmpty()"));
    assertEquals(List.of(), r.unresolved());
  }

  /**
   * An argument whose type is unknown (here from a missing dependency) fits any parameter: the call
   * resolves when only one overload can take the arguments, and stays unresolved when several can.
   */
  @Test
  void anArgumentOfUnknownTypeLeavesTheOnlyFittingOverload() throws Exception {
    Resolutions r = Resolutions.of("""
        package p;
        import java.util.Objects;
        import missing.Dependency;
        class Use {
          Object checked(Dependency d) { return Objects.requireNonNull(d.value(), "value"); }
          void log(Dependency d) { print(d.value()); }
          void print(String s) { }
          void print(int i) { }
        }
        """);
    assertEquals("java.util.Objects#requireNonNull(java.lang.Object,java.lang.String)",
        r.target("5:Objects.requireNonNull(d.value(), \"value\")"));
    assertEquals(null, r.target("6:print(d.value())"));
  }
}
