package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.VariableDeclarator;
import org.junit.jupiter.api.Test;

/** The parser runs without JavaParser's language-level validation, for speed; Java 17 syntax still parses. */
class ParserConfigurationTest {

  @Test
  void theLanguageLevelValidatorIsTheOnlyProcessorLeftOut() {
    int all = new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
        .getProcessors().size();
    ParserConfiguration used = SourceAnalyzer.parserConfiguration();
    assertEquals(all - 1, used.getProcessors().size(),
        "JavaParser's processors changed: " + SourceAnalyzer.LANGUAGE_LEVEL_PROCESSOR + " is no longer the validator");
    assertTrue(used.getProcessors().stream().noneMatch(
        p -> p.get().getClass().getName().equals(SourceAnalyzer.LANGUAGE_LEVEL_PROCESSOR)));
  }

  @Test
  void java17SyntaxParsesAndVarIsRecognisedWithoutThePostProcessor() {
    var parsed = new JavaParser(SourceAnalyzer.parserConfiguration()).parse("""
        class A {
          int f(int m) {
            var x = 1;
            return switch (m) { case 1 -> x; default -> { yield 3; } };
          }
          record R(int a) {}
          sealed interface S permits T {}
          final class T implements S {}
        }
        """);
    assertTrue(parsed.getProblems().isEmpty(), parsed.getProblems().toString());
    CompilationUnit unit = parsed.getResult().orElseThrow();
    VariableDeclarator x = unit.findFirst(VariableDeclarator.class).orElseThrow();
    assertTrue(TypeModel.isVar(x.getType()));
  }
}
