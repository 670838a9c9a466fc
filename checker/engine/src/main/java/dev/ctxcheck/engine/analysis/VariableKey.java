package dev.ctxcheck.engine.analysis;

/**
 * A per-CPU variable as the race rules compare them (SPEC section 2.3): a field (of every object,
 * and for an array field all its elements), or, where the origin of an update's variable cannot be
 * traced, a variable of the update site's own.
 */
sealed interface VariableKey {

  /** Field {@code name} of {@code owner}; {@code element}: the elements of the array it holds. */
  record Field(String owner, String name, boolean element) implements VariableKey {
    /** {@code Stats.rx} for {@code pkg.Outer$Stats}'s field {@code rx}; {@code Stats.rx[]} for its elements. */
    String display() {
      int cut = Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$'));
      return owner.substring(cut + 1) + "." + name + (element ? "[]" : "");
    }
  }

  /** The variable of the update at {@code site} of method {@code method}, whose origin is unknown. */
  record Untraced(String method, int site) implements VariableKey {}

  static Field of(dev.ctxcheck.engine.facts.Value.Field field) {
    return new Field(field.owner(), field.name(), field.arrayElement());
  }
}
