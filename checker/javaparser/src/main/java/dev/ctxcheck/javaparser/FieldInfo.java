package dev.ctxcheck.javaparser;

/**
 * A field or enum constant.
 *
 * @param type erased type id
 * @param typeIsVariable declared with a type variable, so its type at a use needs type arguments
 */
record FieldInfo(String owner, String name, String type, boolean isStatic, boolean typeIsVariable) {}
