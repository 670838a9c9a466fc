package dev.ctxcheck.engine.facts;

/**
 * A write of a field reached through an object ({@code x.f++}, {@code --x.f}, {@code x.f += v},
 * {@code x.f = x.f + v}, or a plain store {@code x.f = v}), as a {@link CallSite.Kind#FIELD_UPDATE}
 * site carries it. The site's receiver is the object the chain of field selections starts from
 * ({@code x} in {@code x.stats.rx++}); whether that object is one CPU's share of a per-CPU
 * allocation is the engine's decision.
 *
 * @param owner the type that declares the field written (a type id)
 * @param field its name
 * @param arrayElement the update writes an element of the array the field holds ({@code x.f[i]++})
 * @param readModifyWrite false for a plain store, which writes without reading
 * @param expression the update expression, as messages quote it
 * @param statement the expression statement that is the update alone, directly in a block, which a
 *     fix can wrap; null when the update is part of something larger (a lambda's expression body,
 *     a {@code for} update, a condition, an unbraced branch)
 */
public record FieldUpdate(String owner, String field, boolean arrayElement, boolean readModifyWrite,
    TextRange expression, TextRange statement) {}
