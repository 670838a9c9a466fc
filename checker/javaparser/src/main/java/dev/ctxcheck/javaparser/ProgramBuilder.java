package dev.ctxcheck.javaparser;

import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TypeFacts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replays the files' facts into one {@link Program} in file order, adding a stub (signature and
 * annotations) the first time a method outside the program is named, as the javac front end does.
 */
final class ProgramBuilder {
  private final TypeModel model;
  private final Program program;
  private final Set<String> described = new HashSet<>();

  ProgramBuilder(TypeModel model, Program program) {
    this.model = model;
    this.program = program;
  }

  void add(UnitFacts unit) {
    program.addFile(unit.fileFacts);
    for (UnitFacts.Event e : unit.events) {
      if (e instanceof UnitFacts.AddType t) {
        program.addType(t.type());
      } else if (e instanceof UnitFacts.AddMethod m) {
        program.addMethod(m.method());
      } else if (e instanceof UnitFacts.MarkDescribed d) {
        described.add(d.id());
      } else if (e instanceof UnitFacts.Describe d) {
        describe(d.method());
      }
    }
  }

  private String describe(MethodInfo method) {
    String id = method.id();
    if (described.add(id) && !program.hasMethod(id)) {
      List<List<String>> callbacks = new ArrayList<>();
      for (List<MethodInfo> list : Extractor.callbacks(model, method)) {
        List<String> ids = new ArrayList<>();
        for (MethodInfo cb : list) {
          ids.add(describe(cb));
        }
        callbacks.add(ids);
      }
      program.addMethod(MethodFacts.external(id, method.name(), method.owner(), method.isStatic(),
          method.parameterTypes(), method.contexts(), method.parameterContexts(), callbacks, List.of(),
          method.operation(), method.maskEffect()));
      TypeInfo owner = model.type(method.owner());
      if (owner != null && !owner.inProgram()) {
        program.addType(new TypeFacts(owner.id(), owner.simpleName(), model.allSupertypes(owner.id()),
            owner.contexts(), false));
      }
    }
    return id;
  }
}
