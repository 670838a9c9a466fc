package generic_override;

/** A socket buffer. */
final class Skb {}
