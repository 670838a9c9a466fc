package dev.ctxcheck.engine.build;

import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.Suppression;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.TypeFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link SourceFileFacts} of one file from a front end's walk over it: its imports,
 * {@code @SuppressWarnings} declarations, the types it declares, and a {@link BodyBuilder} per
 * method, constructor, lambda and initializer. The unit does not depend on the order in which the
 * front end visits its declarations: they are kept in source order.
 *
 * <p>Rules owned here: a constructor runs its class's instance initializers first unless it starts
 * with {@code this(..)}; an implicitly declared constructor (default, anonymous) is placed, with
 * its calls, at its class's declaration; only instance methods that are not private override.
 */
public final class UnitBuilder<M, T> {

  /** A declared type: its facts, whether it has instance initializers, and where it starts. */
  private record DeclaredType(TypeFacts facts, boolean hasInstanceInitializers, Position position) {}

  private final FactsBuilder<M, T> facts;
  private final SymbolTable<M, T> symbols;
  private final String file;
  private final String fileName;
  private final Map<String, DeclaredType> types = new LinkedHashMap<>();
  private final Map<String, MethodFacts> methods = new LinkedHashMap<>();
  /** Methods the file names, by id: their stubs go into the unit unless the file declares them. */
  private final Map<String, FactsBuilder.Stub<M, T>> mentioned = new LinkedHashMap<>();
  private final Map<M, String> ids = new IdentityHashMap<>();
  private TextRange packageDeclaration;
  private final List<ImportBuilder> imports = new ArrayList<>();
  private final Map<String, ImportBuilder> singleStaticImports = new HashMap<>();
  private final List<Suppression> suppressions = new ArrayList<>();

  private static final class ImportBuilder {
    final boolean isStatic;
    final boolean onDemand;
    final String name;
    final String ownerType;
    final String member;
    final TextRange range;
    final List<TextRange> uses = new ArrayList<>();

    ImportBuilder(boolean isStatic, boolean onDemand, String name, String ownerType, String member, TextRange range) {
      this.isStatic = isStatic;
      this.onDemand = onDemand;
      this.name = name;
      this.ownerType = ownerType;
      this.member = member;
      this.range = range;
    }

    ImportFacts.Import build() {
      return new ImportFacts.Import(isStatic, onDemand, name, ownerType, member, range, uses);
    }
  }

  UnitBuilder(FactsBuilder<M, T> facts, String file, String fileName) {
    this.facts = facts;
    this.symbols = facts.symbols();
    this.file = file;
    this.fileName = fileName;
  }

  public String file() {
    return file;
  }

  String fileName() {
    return fileName;
  }

  FactsBuilder<M, T> facts() {
    return facts;
  }

  SymbolTable<M, T> symbols() {
    return symbols;
  }

  /** The id of a method or constructor. */
  public String id(M method) {
    String id = ids.get(method);
    if (id == null) {
      id = facts.methodId(method);
      ids.put(method, id);
    }
    return id;
  }

  // ------------------------------------------------------------------ file

  public void packageDeclaration(TextRange range) {
    this.packageDeclaration = range;
  }

  /**
   * An import declaration.
   *
   * @param name the imported name as written, without {@code .*}
   * @param owner for a static import, the type whose members it imports; null if unresolved or
   *     not static
   */
  public void importDeclaration(boolean isStatic, boolean onDemand, String name, T owner, TextRange range) {
    String ownerId = isStatic && owner != null ? symbols.typeId(owner) : null;
    String member = isStatic && !onDemand ? name.substring(name.lastIndexOf('.') + 1) : null;
    ImportBuilder b = new ImportBuilder(isStatic, onDemand, name, ownerId, member, range);
    imports.add(b);
    if (isStatic && !onDemand && ownerId != null) {
      singleStaticImports.putIfAbsent(ownerId + "#" + member, b);
    }
  }

  /**
   * A reference (method call, field or type name) that finds member {@code member} of {@code
   * owner} through a single static import; {@code nameToken} is the name as written.
   */
  public void staticImportUse(T owner, String member, TextRange nameToken) {
    ImportBuilder b = singleStaticImports.get(symbols.typeId(owner) + "#" + member);
    if (b != null && nameToken != null) {
      b.uses.add(nameToken);
    }
  }

  /** A declaration (type, method, field, variable) with its annotations: {@code @SuppressWarnings} counts. */
  public void suppressions(TextRange declaration, List<RawAnnotation> annotations) {
    Set<String> warnings = AnnotationVocabulary.suppressedWarnings(annotations);
    if (!warnings.isEmpty() && declaration != null) {
      suppressions.add(new Suppression(declaration, warnings));
    }
  }

  // ------------------------------------------------------------------ declarations

  /**
   * A class, interface, enum or record declared in the file (anonymous and local ones included).
   *
   * @param hasInstanceInitializers whether it has field initializers or initializer blocks that
   *     are not static (which its constructors run)
   */
  public void declareType(T type, Position position, boolean hasInstanceInitializers) {
    TypeFacts t = facts.type(type, true);
    types.putIfAbsent(t.id(), new DeclaredType(t, hasInstanceInitializers, position));
  }

  /**
   * A method declared in the file; {@code overrides} are the methods it overrides (as the front end's
   * language rules find them). Call {@link BodyBuilder#finish()} when its body (if any) is walked.
   */
  public BodyBuilder<M, T> method(M method, Position position, TextRange nameRange, List<M> overrides,
      boolean hasBody) {
    T owner = symbols.declaringType(method);
    List<String> overridden = new ArrayList<>();
    if (!symbols.isStatic(method) && !symbols.isPrivate(method)) {
      for (M o : overrides) {
        overridden.add(mention(o).facts().id());
      }
    }
    FactsBuilder.Stub<M, T> stub = facts.stub(method, id(method));
    mentionCallbacks(stub);
    String name = symbols.name(method);
    MethodFacts.Builder b = MethodFacts.builder(stub.facts().id(), name, stub.facts().declaringType(),
            MethodFacts.Kind.METHOD)
        .isStatic(stub.facts().isStatic())
        .parameterTypes(stub.facts().parameterTypes())
        .annotations(stub.facts().annotations())
        .parameterCallbacks(stub.facts().parameterCallbacks())
        .overrides(overridden)
        .position(position, nameRange);
    return new BodyBuilder<>(this, owner, b, hasBody, true, List.of(), null);
  }

  /**
   * A constructor declared in the file, or one the language declares implicitly ({@code generated}:
   * a default or anonymous class constructor, placed at its class's declaration).
   *
   * @param startsWithThisCall its body starts with {@code this(..)}, which runs the initializers instead
   */
  public BodyBuilder<M, T> constructor(M constructor, Position position, TextRange nameRange, boolean startsWithThisCall,
      boolean generated) {
    T owner = symbols.declaringType(constructor);
    FactsBuilder.Stub<M, T> stub = facts.stub(constructor, id(constructor));
    mentionCallbacks(stub);
    String typeId = stub.facts().declaringType();
    DeclaredType declared = types.get(typeId);
    Position at = position;
    if (generated && declared != null && declared.position() != null) {
      at = declared.position();
    }
    MethodFacts.Builder b = MethodFacts.builder(stub.facts().id(), FactsBuilder.CONSTRUCTOR, typeId,
            MethodFacts.Kind.CONSTRUCTOR)
        .displayName("new " + (declared != null ? declared.facts().simpleName() : facts.displayName(owner)))
        .parameterTypes(stub.facts().parameterTypes())
        .annotations(stub.facts().annotations())
        .parameterCallbacks(stub.facts().parameterCallbacks())
        .position(at, generated ? null : nameRange);
    List<String> entry = declared != null && declared.hasInstanceInitializers() && !startsWithThisCall
        ? List.of(FactsBuilder.memberId(typeId, FactsBuilder.FIELD_INITIALIZERS)) : List.of();
    return new BodyBuilder<>(this, owner, b, true, true, entry, generated ? at : null);
  }

  /**
   * The field initializers and initializer blocks of a class (static or not), as one body whose
   * parts are walked in source order; {@code position} is the first part's. Initializers are
   * straight-line code.
   */
  public BodyBuilder<M, T> initializers(T type, boolean isStatic, Position position) {
    String typeId = symbols.typeId(type);
    DeclaredType declared = types.get(typeId);
    String name = isStatic ? FactsBuilder.STATIC_INITIALIZERS : FactsBuilder.FIELD_INITIALIZERS;
    MethodFacts.Builder b = MethodFacts.builder(FactsBuilder.memberId(typeId, name), name, typeId,
            MethodFacts.Kind.INITIALIZER)
        .displayName("initializers of " + (declared != null ? declared.facts().simpleName() : facts.displayName(type)))
        .isStatic(isStatic)
        .position(position, null);
    return new BodyBuilder<>(this, type, b, true, false, List.of(), null);
  }

  /** A lambda's facts, made by {@link BodyBuilder#lambda}. */
  MethodFacts.Builder lambdaFacts(T owner, int offset, Position position, List<String> parameterTypes,
      TextRange arrow) {
    String typeId = symbols.typeId(owner);
    return MethodFacts.builder(FactsBuilder.lambdaId(typeId, offset), "lambda", typeId, MethodFacts.Kind.LAMBDA)
        .displayName("lambda@" + fileName + ":" + (position == null ? 0 : position.line()))
        .parameterTypes(parameterTypes)
        .position(position, arrow);
  }

  void add(MethodFacts method) {
    methods.putIfAbsent(method.id(), method);
  }

  /** The stub of {@code method}, without recording that the file names it. */
  FactsBuilder.Stub<M, T> stub(M method) {
    FactsBuilder.Stub<M, T> stub = mentioned.get(id(method));
    return stub != null ? stub : facts.stub(method, id(method));
  }

  /** Records that the file names {@code method}; returns its stub. */
  FactsBuilder.Stub<M, T> mention(M method) {
    String id = id(method);
    FactsBuilder.Stub<M, T> stub = mentioned.get(id);
    if (stub == null) {
      stub = facts.stub(method, id);
      mentioned.put(id, stub);
      mentionCallbacks(stub);
    }
    return stub;
  }

  private void mentionCallbacks(FactsBuilder.Stub<M, T> stub) {
    for (M cb : stub.callbacks()) {
      mention(cb);
    }
  }

  // ------------------------------------------------------------------ the unit

  /**
   * The unit: declared types and methods in source order (by position, then id), the stubs of
   * every method mentioned and not declared here and the stubs of their types, by id.
   */
  public SourceFileFacts build() {
    List<DeclaredType> declaredTypes = new ArrayList<>(types.values());
    declaredTypes.sort(Comparator.comparingInt((DeclaredType t) -> offset(t.position()))
        .thenComparing(t -> t.facts().id()));
    List<TypeFacts> typeFacts = declaredTypes.stream().map(DeclaredType::facts).toList();
    List<MethodFacts> declared = new ArrayList<>(methods.values());
    declared.sort(Comparator.comparingInt((MethodFacts m) -> offset(m.position())).thenComparing(MethodFacts::id));
    List<MethodFacts> stubs = new ArrayList<>();
    Set<String> stubTypes = new LinkedHashSet<>();
    List<TypeFacts> typeStubs = new ArrayList<>();
    List<String> mentionedIds = new ArrayList<>(mentioned.keySet());
    mentionedIds.sort(null);
    for (String id : mentionedIds) {
      if (methods.containsKey(id)) {
        continue;
      }
      FactsBuilder.Stub<M, T> stub = mentioned.get(id);
      stubs.add(stub.facts());
      String owner = stub.facts().declaringType();
      if (!types.containsKey(owner) && stubTypes.add(owner)) {
        typeStubs.add(facts.type(stub.owner(), false));
      }
    }
    typeStubs.sort(Comparator.comparing(TypeFacts::id));
    List<ImportFacts.Import> importFacts = imports.stream().map(ImportBuilder::build).toList();
    return new SourceFileFacts(file, new ImportFacts(packageDeclaration, importFacts), typeFacts, declared, stubs,
        typeStubs, suppressions);
  }

  private static int offset(Position p) {
    return p == null ? Integer.MAX_VALUE : p.offset();
  }
}
