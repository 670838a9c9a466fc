package dev.ctxcheck.engine.facts;

import java.util.List;

/**
 * One place in a method body where control may pass to other code: a method or constructor call,
 * or the creation of a lambda or method reference (whose code runs, unless handed to a
 * context-annotated parameter, in the contexts of the code that creates it).
 *
 * @param kind what happens here
 * @param target id of the called method (INVOKE, NEW), of the lambda's body (LAMBDA), or of the
 *     referenced method (METHOD_REFERENCE)
 * @param dispatch how an INVOKE finds its method
 * @param receiverType static type id of the receiver of a virtual call (for class hierarchy
 *     analysis); null otherwise
 * @param receiver the receiver expression of an instance call, when it can be traced; else null
 * @param arguments one entry per argument, null where nothing is tracked
 * @param argumentRanges source range of each argument (for messages); null entries allowed
 * @param position where the call expression starts; null for calls the front end synthesised
 * @param nameRange the method name token, which a fix rewrites; null if none
 * @param nameAccess how the name at {@code nameRange} finds its method, which decides whether a
 *     renamed call needs an import
 * @param scopeLevel for a call of an {@code @UnmasksScope} method: what the receiver's creating
 *     call masked, if the front end could trace it; else null
 * @param scopeSite for such a call: the index of the receiver's creating call among the body's
 *     sites (whose lock, under {@code @AcquiresLock}, the scope releases, and whose PREEMPT_RT
 *     effect it undoes); -1 if untraced or not such a call
 * @param fieldUpdate for a {@link Kind#FIELD_UPDATE}, what it writes and where; else null
 */
public record CallSite(
    Kind kind,
    String target,
    Dispatch dispatch,
    String receiverType,
    Value receiver,
    List<Value> arguments,
    List<TextRange> argumentRanges,
    Position position,
    TextRange nameRange,
    NameAccess nameAccess,
    MaskLevel scopeLevel,
    int scopeSite,
    FieldUpdate fieldUpdate) {

  public enum Kind {
    INVOKE,
    NEW,
    LAMBDA,
    METHOD_REFERENCE,
    /**
     * A write of a field through an object ({@link #fieldUpdate}): {@code target} is the field
     * ({@code owner#name}), {@code receiver} the object, {@code nameRange} the operator.
     */
    FIELD_UPDATE
  }

  /** How a call names its method. */
  public enum NameAccess {
    /** {@code Type.name(..)} or {@code expr.name(..)}: any member of the type can be named the same way. */
    QUALIFIED,
    /** An unqualified name found as a member of an enclosing class or its supertypes. */
    SCOPE,
    /** An unqualified name found through a static import. */
    STATIC_IMPORT
  }

  public enum Dispatch {
    /** Static, private, super or constructor calls: exactly the target. */
    EXACT,
    /** Instance calls: the target and every override that the receiver's type admits. */
    VIRTUAL
  }

  public CallSite {
    arguments = nullsAllowed(arguments);
    argumentRanges = nullsAllowed(argumentRanges);
  }

  /** A call, creation or reference (any kind but {@link Kind#FIELD_UPDATE}) that releases no traced scope. */
  public CallSite(Kind kind, String target, Dispatch dispatch, String receiverType, Value receiver,
      List<Value> arguments, List<TextRange> argumentRanges, Position position, TextRange nameRange,
      NameAccess nameAccess, MaskLevel scopeLevel) {
    this(kind, target, dispatch, receiverType, receiver, arguments, argumentRanges, position, nameRange, nameAccess,
        scopeLevel, -1, null);
  }

  /** {@code List.copyOf} refuses nulls; argument lists keep them as "not tracked". */
  @SuppressWarnings("unchecked")
  private static <T> List<T> nullsAllowed(List<T> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    return (List<T>) java.util.Collections.unmodifiableList(java.util.Arrays.asList(list.toArray()));
  }

  /**
   * A call the front end adds that the source does not spell out (a constructor's call of the
   * field initializers, a resource's {@code close()}): exact, without arguments or position.
   *
   * @param scopeLevel as in {@link CallSite}: for an {@code @UnmasksScope} callee, what its
   *     receiver's creating call masked; else null
   */
  public static CallSite synthetic(String target, MaskLevel scopeLevel) {
    return synthetic(target, scopeLevel, -1);
  }

  /** As {@link #synthetic(String, MaskLevel)}, with the receiver's creating site ({@link #scopeSite()}). */
  public static CallSite synthetic(String target, MaskLevel scopeLevel, int scopeSite) {
    return new CallSite(Kind.INVOKE, target, Dispatch.EXACT, null, null, List.of(), List.of(), null, null,
        NameAccess.QUALIFIED, scopeLevel, scopeSite, null);
  }

  public Value argument(int i) {
    return i >= 0 && i < arguments.size() ? arguments.get(i) : null;
  }

  public boolean isSynthetic() {
    return position == null;
  }
}
