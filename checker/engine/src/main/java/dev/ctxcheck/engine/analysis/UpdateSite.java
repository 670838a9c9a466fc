package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.OperationSpec;
import java.util.Set;

/**
 * A call of a per-CPU update operation outside the body of an operation.
 *
 * @param method index of the method the call is in
 * @param site index of the call among that method's sites
 * @param operation what the callee is
 * @param calleeName the callee's simple name ({@code __this_cpu_inc})
 * @param variables the variables it updates (see {@link Variables})
 */
record UpdateSite(int method, int site, OperationSpec operation, String calleeName, Set<VariableKey> variables) {}
