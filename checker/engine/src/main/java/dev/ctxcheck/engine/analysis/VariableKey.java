package dev.ctxcheck.engine.analysis;

/**
 * A per-CPU variable as the race rules compare them (SPEC section 2.3): a field (of every object,
 * and for an array field all its elements), or, where the origin of an update's variable cannot be
 * traced, a variable of the update site's own.
 */
sealed interface VariableKey {

  /** How messages name it ({@code Stats.rx}); null for a variable of a site's own. */
  default String display() {
    return null;
  }

  /** A stable identity for findings ({@code pkg.Outer$Stats#rx}); null for a variable of a site's own. */
  default String key() {
    return null;
  }

  /** Field {@code name} of {@code owner}; {@code element}: the elements of the array it holds. */
  record Field(String owner, String name, boolean element) implements VariableKey {
    /** {@code Stats.rx} for {@code pkg.Outer$Stats}'s field {@code rx}; {@code Stats.rx[]} for its elements. */
    @Override
    public String display() {
      int cut = Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$'));
      return owner.substring(cut + 1) + "." + name + (element ? "[]" : "");
    }

    /** {@code pkg.Outer$Stats#rx}, with {@code []} for the elements: stable across edits, for identities. */
    @Override
    public String key() {
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

  /**
   * Field {@code name} of {@code owner} in the objects of a per-CPU allocation (SPEC 2.6): the field
   * holding the allocation, or where that cannot be traced the update site's own variable.
   */
  record StructField(VariableKey allocation, String owner, String name, boolean element) implements VariableKey {
    /** {@code Stats.rx of Tunnel.tstats}. */
    @Override
    public String display() {
      String field = new Field(owner, name, element).display();
      return allocation.display() == null ? field : field + " of " + allocation.display();
    }

    @Override
    public String key() {
      String field = new Field(owner, name, element).key();
      return allocation.key() == null ? field : allocation.key() + "/" + field;
    }
  }

  /**
   * One CPU's object of a per-CPU allocation ({@code allocation} null when its origin is unknown):
   * what the receiver of a field update traces to. Not a variable itself; see {@link StructField}.
   */
  record PerCpuObject(VariableKey allocation, dev.ctxcheck.engine.facts.PerCpuPointerSpec.Access access)
      implements VariableKey {}

  static Field of(dev.ctxcheck.engine.facts.Value.Field field) {
    return new Field(field.owner(), field.name(), field.arrayElement());
  }
}
