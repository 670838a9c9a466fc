package generic_override;

/** A packet handler, generic in what it receives, as a protocol registers one with the stack. */
interface RxHandler<T> {
  void handle(T packet);
}
