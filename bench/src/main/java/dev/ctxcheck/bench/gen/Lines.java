package dev.ctxcheck.bench.gen;

import java.util.ArrayList;
import java.util.List;

/** Lines of generated code, with the expected findings on some of them. */
final class Lines {

  /** A finding expected on line {@code index} of a block. */
  record Mark(int index, String check, String scenario) {}

  final List<String> text = new ArrayList<>();
  final List<Mark> marks = new ArrayList<>();

  void add(int indent, String line) {
    text.add(line.isEmpty() ? "" : "  ".repeat(indent) + line);
  }

  /** Expects {@code check} on the line added last. */
  void mark(String check, String scenario) {
    marks.add(new Mark(text.size() - 1, check, scenario));
  }

  void addAll(Lines other) {
    int base = text.size();
    text.addAll(other.text);
    for (Mark m : other.marks) {
      marks.add(new Mark(base + m.index(), m.check(), m.scenario()));
    }
  }

  int size() {
    return text.size();
  }
}
