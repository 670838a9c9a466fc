package dev.ctxcheck.lsp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server knows analysis only through {@code WorkspaceAnalysis}: nothing outside the backend
 * package touches a front end or a parser, so another backend can replace today's.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.ctxcheck.lsp");

  @Test
  void theServerDependsOnTheBackendInterfaceOnly() {
    noClasses().that().resideInAnyPackage("dev.ctxcheck.lsp", "dev.ctxcheck.lsp.text")
        .and().doNotHaveSimpleName("Main")
        .should().dependOnClassesThat().resideInAnyPackage("dev.ctxcheck.javaparser..", "com.github.javaparser..",
            "dev.ctxcheck.javac..", "dev.ctxcheck.errorprone..", "dev.ctxcheck.cli..")
        .orShould().dependOnClassesThat().haveSimpleName("SourceEngineAnalysis")
        .orShould().dependOnClassesThat().haveSimpleName("IncrementalAnalysis")
        .check(CLASSES);
  }

  @Test
  void theBackendDoesNotSpeakTheProtocol() {
    noClasses().that().resideInAPackage("dev.ctxcheck.lsp.analysis..")
        .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.lsp4j..", "dev.ctxcheck.lsp")
        .check(CLASSES);
  }
}
