package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.TextRange;

/** Replace {@code range} of {@code file} by {@code replacement}; nothing else changes. */
public record Fix(String file, TextRange range, String replacement, String description) {}
