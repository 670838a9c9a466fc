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

    /** {@code pkg.Outer$Stats#rx}, with {@code []} for the elements: stable across edits, for identities. */
    String key() {
      return owner + "#" + name + (element ? "[]" : "");
    }

    // equals and hashCode are written out in these keys: sets of them are the analysis's busiest
    // hash tables, used mostly before the JIT has compiled them, where a record's generated
    // methods (linked through invokedynamic) cost several times these.
    @Override
    public boolean equals(Object o) {
      return o instanceof Field f && element == f.element && name.equals(f.name) && owner.equals(f.owner);
    }

    @Override
    public int hashCode() {
      return (owner.hashCode() * 31 + name.hashCode()) * 2 + (element ? 1 : 0);
    }
  }

  /** The variable of the update at {@code site} of method {@code method}, whose origin is unknown. */
  record Untraced(String method, int site) implements VariableKey {
    @Override
    public boolean equals(Object o) {
      return o instanceof Untraced u && site == u.site && method.equals(u.method);
    }

    @Override
    public int hashCode() {
      return method.hashCode() * 31 + site;
    }
  }

  static Field of(dev.ctxcheck.engine.facts.Value.Field field) {
    return new Field(field.owner(), field.name(), field.arrayElement());
  }
}
