package recursive_generics;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A fluent sequence whose operations return the implementation's own type, as stream wrappers in
 * functional libraries declare it: the type parameter S is bounded by Seq itself.
 */
interface Seq<T, S extends Seq<T, S>> {
  S filter(Predicate<? super T> keep);

  S peek(Consumer<? super T> action);

  /** Runs {@code action} once per element, without looking at it. */
  S peek(Runnable action);
}
