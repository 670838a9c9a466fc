package dev.ctxcheck.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.architecturefixture.EngineClassUsingErrorProne;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One engine, thin front ends: the engine depends on no compiler API; the javac fact extraction on
 * javac's public API and the dataflow library, not on Error Prone; the front ends, the command line
 * and the language server not on each other, except the command line on the front ends.
 *
 * <p>No rule passes for want of classes: before a rule is checked, every package it speaks of in
 * this repository ({@code dev.ctxcheck.*}) must have classes on the class path, so a package that is
 * renamed or drops off the class path fails the test instead of silencing the rule. The language
 * server's rule is the exception while its module does not exist: it is skipped, and says so.
 */
class ArchitectureTest {

  private static final String ENGINE = "dev.ctxcheck.engine";
  private static final String JAVAC = "dev.ctxcheck.javac";
  private static final String ERRORPRONE = "dev.ctxcheck.errorprone";
  private static final String SOURCE = "dev.ctxcheck.javaparser";
  private static final String CLI = "dev.ctxcheck.cli";
  private static final String LSP = "dev.ctxcheck.lsp";

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.ctxcheck");

  /** A rule, and the packages of this repository it is about (its subjects and the ones it bans). */
  private record Rule(ArchRule rule, List<String> packages) {

    static Rule noDependency(List<String> subjects, String... banned) {
      List<String> ours = new ArrayList<>(subjects);
      List<String> patterns = new ArrayList<>();
      for (String b : banned) {
        patterns.add(b + "..");
        if (b.startsWith("dev.ctxcheck.")) {
          ours.add(b);
        }
      }
      ArchRule rule = noClasses().that().resideInAnyPackage(subjects.stream().map(s -> s + "..").toArray(String[]::new))
          .should().dependOnClassesThat().resideInAnyPackage(patterns.toArray(String[]::new));
      return new Rule(rule, ours);
    }

    void check(JavaClasses classes) {
      for (String p : packages) {
        assertTrue(present(classes, p), p + " has no classes on the class path: the rule \"" + rule.getDescription()
            + "\" would pass without checking anything (was the package renamed?)");
      }
      rule.check(classes);
    }
  }

  private static boolean present(JavaClasses classes, String pkg) {
    return classes.stream().anyMatch(c -> c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + "."));
  }

  static final Rule ENGINE_IS_FRONT_END_NEUTRAL = Rule.noDependency(List.of(ENGINE),
      "com.google.errorprone", "com.sun", "javax.lang.model", "javax.tools", "javax.annotation.processing",
      "org.checkerframework", "com.github.javaparser", JAVAC, ERRORPRONE, SOURCE, CLI);

  static final Rule JAVAC_EXTRACTION_NEEDS_NO_ERROR_PRONE = Rule.noDependency(List.of(JAVAC),
      "com.google.errorprone", "com.sun.tools", ERRORPRONE, CLI, SOURCE);

  static final Rule JAVAC_FRONT_END_IGNORES_THE_OTHERS = Rule.noDependency(List.of(ERRORPRONE, JAVAC), SOURCE, CLI);

  static final Rule SOURCE_FRONT_END_IGNORES_THE_OTHERS = Rule.noDependency(List.of(SOURCE),
      JAVAC, ERRORPRONE, "com.google.errorprone", CLI);

  /** The language server reads sources with the source front end; it never compiles. */
  static final Rule LANGUAGE_SERVER_USES_THE_SOURCE_FRONT_END = Rule.noDependency(List.of(LSP),
      JAVAC, ERRORPRONE, "com.google.errorprone", CLI);

  @Test
  void engineImportsNoFrontEndOrCompilerApi() {
    ENGINE_IS_FRONT_END_NEUTRAL.check(CLASSES);
  }

  @Test
  void javacFactExtractionDoesNotNeedErrorProne() {
    JAVAC_EXTRACTION_NEEDS_NO_ERROR_PRONE.check(CLASSES);
  }

  @Test
  void frontEndsDoNotDependOnEachOther() {
    JAVAC_FRONT_END_IGNORES_THE_OTHERS.check(CLASSES);
    SOURCE_FRONT_END_IGNORES_THE_OTHERS.check(CLASSES);
  }

  @Test
  void languageServerDependsOnTheEngineAndTheSourceFrontEndOnly() {
    assumeTrue(present(CLASSES, LSP), LSP + " is not on this test's class path, so its rule is not checked: the"
        + " language server's module (checker/lsp, artifact ctxcheck-lsp) is added to it when it exists");
    LANGUAGE_SERVER_USES_THE_SOURCE_FRONT_END.check(CLASSES);
  }

  @Test
  void aRuleCatchesABreach() {
    JavaClasses breach = new ClassFileImporter().importClasses(EngineClassUsingErrorProne.class, Analysis.class);
    AssertionError e = assertThrows(AssertionError.class, () -> ENGINE_IS_FRONT_END_NEUTRAL.rule().check(breach));
    assertTrue(e.getMessage().contains(EngineClassUsingErrorProne.class.getName()), e.getMessage());
  }

  @Test
  void aRuleWhosePackagesAreMissingFailsInsteadOfPassing() {
    JavaClasses engineOnly = new ClassFileImporter().importClasses(Analysis.class);
    AssertionError e = assertThrows(AssertionError.class, () -> JAVAC_EXTRACTION_NEEDS_NO_ERROR_PRONE.check(engineOnly));
    assertTrue(e.getMessage().startsWith(JAVAC + " has no classes on the class path"), e.getMessage());
  }
}
