package dev.ctxcheck.javaparser;

import com.github.javaparser.Position;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import dev.ctxcheck.engine.analysis.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @SuppressWarnings} in source mode, where no Error Prone applies it: a finding is dropped
 * when a declaration around its site (class, method, constructor, field or variable) is annotated
 * {@code @SuppressWarnings} with the check's name or {@code "all"}. A reporting step: the engine
 * never sees it.
 */
final class Suppressions {

  private Suppressions() {}

  static boolean isSuppressed(CompilationUnit unit, Finding finding) {
    Position at = new Position(finding.position().line(), finding.position().column());
    Node node = innermost(unit, at);
    String check = finding.check().checkName();
    for (Node n = node; n != null; n = n.getParentNode().orElse(null)) {
      if (n instanceof NodeWithAnnotations<?> annotated) {
        for (AnnotationExpr a : annotated.getAnnotations()) {
          String name = a.getNameAsString();
          if (!name.equals("SuppressWarnings") && !name.equals("java.lang.SuppressWarnings")) {
            continue;
          }
          for (String value : values(a)) {
            if (value.equals(check) || value.equals("all")) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static Node innermost(Node node, Position at) {
    for (Node child : node.getChildNodes()) {
      if (child.getRange().map(r -> r.contains(at)).orElse(false)) {
        return innermost(child, at);
      }
    }
    return node;
  }

  private static List<String> values(AnnotationExpr a) {
    Expression v = null;
    if (a instanceof SingleMemberAnnotationExpr s) {
      v = s.getMemberValue();
    } else if (a instanceof NormalAnnotationExpr n) {
      v = n.getPairs().stream().filter(p -> p.getNameAsString().equals("value")).map(p -> p.getValue()).findFirst()
          .orElse(null);
    }
    List<String> out = new ArrayList<>();
    if (v instanceof StringLiteralExpr s) {
      out.add(s.asString());
    } else if (v instanceof ArrayInitializerExpr arr) {
      for (Expression e : arr.getValues()) {
        if (e instanceof StringLiteralExpr s) {
          out.add(s.asString());
        }
      }
    }
    return out;
  }
}
