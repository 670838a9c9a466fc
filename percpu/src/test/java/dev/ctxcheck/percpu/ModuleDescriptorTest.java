package dev.ctxcheck.percpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.annotations.ProcessContext;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Modular programs name the artifacts in {@code requires}: the runtime and the annotations are
 * named modules, and reading the runtime reads the annotations its signatures carry. The tests
 * run inside the module, so this also pins that they run on the module path.
 */
class ModuleDescriptorTest {

  @Test
  void theRuntimeIsTheNamedModuleThatExportsItsPackage() {
    Module runtime = PerCpu.class.getModule();
    assertTrue(runtime.isNamed(), "the runtime's tests do not run on the module path");
    ModuleDescriptor descriptor = runtime.getDescriptor();
    assertEquals("dev.ctxcheck.percpu", descriptor.name());
    assertEquals(Set.of("dev.ctxcheck.percpu"), exportedPackages(descriptor));
    Requires annotations = descriptor.requires().stream()
        .filter(r -> r.name().equals("dev.ctxcheck.annotations")).findFirst().orElseThrow();
    assertEquals(Set.of(Requires.Modifier.TRANSITIVE), annotations.modifiers());
  }

  @Test
  void theAnnotationsAreTheNamedModuleThatExportsTheirPackage() {
    Module annotations = ProcessContext.class.getModule();
    assertTrue(annotations.isNamed(), "the annotations are not on the module path");
    assertEquals("dev.ctxcheck.annotations", annotations.getName());
    assertEquals(Set.of("dev.ctxcheck.annotations"), exportedPackages(annotations.getDescriptor()));
    assertEquals(Set.of("java.base"),
        annotations.getDescriptor().requires().stream().map(Requires::name).collect(Collectors.toSet()));
  }

  private static Set<String> exportedPackages(ModuleDescriptor descriptor) {
    return descriptor.exports().stream()
        .peek(e -> assertTrue(e.targets().isEmpty(), "a qualified export: " + e))
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
  }
}
