package dev.ctxcheck.javaparser;

import dev.ctxcheck.engine.facts.FileFacts;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.TypeFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of one file as a sequence of additions to the program, in the order the javac front
 * end makes them. Files are extracted in parallel; replaying their sequences in file order gives
 * the same program (and so the same tie-breaks between equally short call paths) as javac's.
 */
final class UnitFacts {

  sealed interface Event permits AddType, AddMethod, Describe, MarkDescribed {}

  record AddType(TypeFacts type) implements Event {}

  record AddMethod(MethodFacts method) implements Event {}

  /** A method is named (called, overridden, a callback): outside the program it gets a stub. */
  record Describe(MethodInfo method) implements Event {}

  /** A method declared in the program is being extracted: it gets no stub from now on. */
  record MarkDescribed(String id) implements Event {}

  final String file;
  FileFacts fileFacts;
  final List<Event> events = new ArrayList<>();

  UnitFacts(String file) {
    this.file = file;
  }
}
