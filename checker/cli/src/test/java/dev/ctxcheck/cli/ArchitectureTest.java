package dev.ctxcheck.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * One engine, thin front ends: the engine depends on no compiler API, and the javac fact extraction
 * depends on javac's public API and the dataflow library, not on Error Prone.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.ctxcheck");

  @Test
  void engineImportsNoFrontEndOrCompilerApi() {
    noClasses().that().resideInAPackage("dev.ctxcheck.engine..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.google.errorprone..", "com.sun..", "javax.lang.model..", "javax.tools..", "javax.annotation.processing..",
            "org.checkerframework..", "com.github.javaparser..",
            "dev.ctxcheck.javac..", "dev.ctxcheck.errorprone..", "dev.ctxcheck.javaparser..", "dev.ctxcheck.cli..")
        .check(CLASSES);
  }

  @Test
  void javacFactExtractionDoesNotNeedErrorProne() {
    noClasses().that().resideInAPackage("dev.ctxcheck.javac..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.google.errorprone..", "com.sun.tools..", "dev.ctxcheck.errorprone..", "dev.ctxcheck.cli..",
            "dev.ctxcheck.javaparser..")
        .check(CLASSES);
  }

  @Test
  void frontEndsDoNotDependOnEachOther() {
    noClasses().that().resideInAnyPackage("dev.ctxcheck.errorprone..", "dev.ctxcheck.javac..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.ctxcheck.javaparser..", "dev.ctxcheck.cli..")
        .check(CLASSES);
    noClasses().that().resideInAPackage("dev.ctxcheck.javaparser..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.ctxcheck.javac..", "dev.ctxcheck.errorprone..",
            "dev.ctxcheck.cli..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }
}
