package dev.ctxcheck.engine.facts;

import java.util.List;

/**
 * What a fix needs to know about one source file's package and imports.
 *
 * @param packageDeclaration the package declaration; null if the file has none
 * @param imports every import declaration, in source order
 */
public record ImportFacts(TextRange packageDeclaration, List<Import> imports) {

  public static final ImportFacts NONE = new ImportFacts(null, List.of());

  public ImportFacts {
    imports = List.copyOf(imports);
  }

  /**
   * One import declaration.
   *
   * @param name the imported name as written, without {@code .*} ({@code dev.ctxcheck.percpu.PerCpu.this_cpu_inc})
   * @param ownerType for a static import, the type whose members it imports (a type id); null if
   *     it cannot be resolved or the import is not static
   * @param member for a single static import, the member's simple name; null otherwise
   * @param range the declaration, from {@code import} to its semicolon
   * @param uses for a single static import, the name tokens of the references that find their
   *     member through it
   */
  public record Import(boolean isStatic, boolean onDemand, String name, String ownerType, String member,
      TextRange range, List<TextRange> uses) {
    public Import {
      uses = List.copyOf(uses);
    }
  }
}
