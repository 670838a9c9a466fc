package dev.ctxcheck.lsp.analysis;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import dev.ctxcheck.engine.analysis.Fix;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.lsp.text.LineIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The declarations of one file's text, parsed for what an editor asks that the program's facts do
 * not record: where a method's name is, and where a {@code @SuppressWarnings} goes. Offsets are as
 * the source engine computes them (a line's start plus JavaParser's column).
 */
final class Declarations {

  private final String text;
  private final LineIndex lines;
  private final CompilationUnit unit;

  Declarations(String text) {
    this.text = text;
    this.lines = new LineIndex(text);
    ParserConfiguration configuration = new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
        .setAttributeComments(false);
    // A broken file still yields the members that parse; a file of which nothing parses yields none.
    this.unit = new JavaParser(configuration).parse(text).getResult().orElse(null);
  }

  String text() {
    return text;
  }

  /** The method or constructor whose name token contains {@code offset}: its start and its name. */
  Optional<Named> callableNamedAt(int offset) {
    for (CallableDeclaration<?> c : callables()) {
      TextRange name = range(c.getName());
      if (name != null && name.start() <= offset && offset <= name.end()) {
        return Optional.of(new Named(start(c), name));
      }
    }
    return Optional.empty();
  }

  /** The name token of the method or constructor that starts at {@code start}, or null. */
  TextRange callableNameAt(int start) {
    for (CallableDeclaration<?> c : callables()) {
      if (start(c) == start) {
        return range(c.getName());
      }
    }
    return null;
  }

  /** A declaration's start and its name token. */
  record Named(int start, TextRange name) {}

  /**
   * Adds {@code @SuppressWarnings("<check>")} to the innermost method, constructor, field or type
   * around {@code offset}, merging into its {@code @SuppressWarnings} if it has one.
   */
  Optional<Fix> suppression(String fileId, int offset, String check) {
    BodyDeclaration<?> target = enclosing(offset);
    if (target == null) {
      return Optional.empty();
    }
    NodeWithAnnotations<?> annotated = target;
    String literal = "\"" + check + "\"";
    String description = "Suppress " + check + " in " + nameOf(target);
    for (AnnotationExpr a : annotated.getAnnotations()) {
      String name = a.getNameAsString();
      if (!name.equals("SuppressWarnings") && !name.equals("java.lang.SuppressWarnings")) {
        continue;
      }
      Expression value = valueOf(a);
      if (value == null) {
        return Optional.empty();
      }
      if (values(value).contains(check) || values(value).contains("all")) {
        return Optional.empty();
      }
      TextRange at = range(value);
      if (at == null) {
        return Optional.empty();
      }
      Fix.Edit edit;
      if (value instanceof ArrayInitializerExpr array && array.getValues().isEmpty()) {
        edit = new Fix.Edit(at, "{" + literal + "}");
      } else if (value instanceof ArrayInitializerExpr array) {
        TextRange last = range(array.getValues().getLast().orElseThrow());
        edit = new Fix.Edit(new TextRange(last.end(), last.end()), ", " + literal);
      } else {
        edit = new Fix.Edit(at, "{" + text.substring(at.start(), at.end()) + ", " + literal + "}");
      }
      return Optional.of(new Fix(fileId, List.of(edit), description, null));
    }
    int start = start(target);
    int lineStart = lineStart(start);
    String before = text.substring(lineStart, start);
    String annotation = "@SuppressWarnings(" + literal + ")";
    String insert = before.isBlank() ? annotation + lineSeparator() + before : annotation + " ";
    return Optional.of(new Fix(fileId, List.of(new Fix.Edit(new TextRange(start, start), insert)), description, null));
  }

  private BodyDeclaration<?> enclosing(int offset) {
    if (unit == null) {
      return null;
    }
    BodyDeclaration<?> best = null;
    Node node = unit;
    while (node != null) {
      Node next = null;
      for (Node child : node.getChildNodes()) {
        TextRange r = range(child);
        if (r != null && r.start() <= offset && offset < r.end()) {
          next = child;
          break;
        }
      }
      if (next instanceof CallableDeclaration<?> || next instanceof FieldDeclaration
          || next instanceof TypeDeclaration<?>) {
        best = (BodyDeclaration<?>) next;
      }
      node = next;
    }
    return best;
  }

  private static String nameOf(BodyDeclaration<?> d) {
    if (d instanceof NodeWithSimpleName<?> named) {
      return named.getNameAsString();
    }
    if (d instanceof FieldDeclaration f) {
      return f.getVariable(0).getNameAsString();
    }
    return "this declaration";
  }

  private static Expression valueOf(AnnotationExpr a) {
    if (a instanceof SingleMemberAnnotationExpr s) {
      return s.getMemberValue();
    }
    if (a instanceof NormalAnnotationExpr n) {
      return n.getPairs().stream().filter(p -> p.getNameAsString().equals("value")).map(p -> p.getValue())
          .findFirst().orElse(null);
    }
    return null;
  }

  private static List<String> values(Expression value) {
    List<String> out = new ArrayList<>();
    if (value instanceof StringLiteralExpr s) {
      out.add(s.asString());
    } else if (value instanceof ArrayInitializerExpr array) {
      for (Expression e : array.getValues()) {
        if (e instanceof StringLiteralExpr s) {
          out.add(s.asString());
        }
      }
    }
    return out;
  }

  private List<CallableDeclaration<?>> callables() {
    if (unit == null) {
      return List.of();
    }
    List<CallableDeclaration<?>> out = new ArrayList<>();
    unit.walk(CallableDeclaration.class, c -> out.add(c));
    return out;
  }

  private String lineSeparator() {
    return text.contains("\r\n") ? "\r\n" : "\n";
  }

  private int lineStart(int offset) {
    return lines.lineStart(lines.line(offset));
  }

  private int start(Node node) {
    return node.getBegin().map(b -> offset(b.line, b.column)).orElse(-1);
  }

  /** JavaParser's end is inclusive, a range's is not. */
  private TextRange range(Node node) {
    if (node.getRange().isEmpty()) {
      return null;
    }
    var r = node.getRange().get();
    int start = offset(r.begin.line, r.begin.column);
    int end = offset(r.end.line, r.end.column) + 1;
    return end < start ? null : new TextRange(start, Math.min(end, text.length()));
  }

  private int offset(int line, int column) {
    return lines.offsetOfColumn(line, column);
  }
}
