package dev.ctxcheck.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each check's page: bundled as it is in docs/, and linked where the build or the user says. */
class CheckDocsTest {

  private static final Path DOCS = Path.of(System.getProperty("ctxcheck.root", "../..")).resolve("docs")
      .toAbsolutePath().normalize();

  @ParameterizedTest
  @EnumSource(Check.class)
  void theBundledPageIsTheRepositorysPage(Check check) throws IOException {
    String page = CheckDocs.page(check);
    assertEquals(Files.readString(DOCS.resolve(check.checkName() + ".md")), page);
    assertTrue(page.startsWith("# " + check.checkName() + "\n"), page.lines().findFirst().orElse(""));
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void theRecordedLinkIsTheCheckoutsPageUnlessTheBuildGaveAUrl(Check check) {
    String built = System.getProperty("ctxcheck.docsUrl", "");
    URI url = CheckDocs.recorded().url(check);
    if (built.isBlank()) {
      assertEquals(DOCS.resolve(check.checkName() + ".md").toUri(), url);
      assertTrue(Files.isRegularFile(Path.of(url)), url + " exists");
    } else {
      assertEquals(CheckDocs.at(built).url(check), url);
    }
  }

  @Test
  void aUserBaseIsTakenAsAFolder() {
    assertEquals(URI.create("https://docs.example.org/ctxcheck/NonAtomicPerCpuUpdate.md"),
        CheckDocs.at("https://docs.example.org/ctxcheck").url(Check.NON_ATOMIC_PER_CPU_UPDATE));
    assertEquals(URI.create("https://docs.example.org/ctxcheck/ContextMaskImbalance.md"),
        CheckDocs.at("https://docs.example.org/ctxcheck/").url(Check.CONTEXT_MASK_IMBALANCE));
    assertEquals(Path.of("/opt/ctxcheck/docs/PerCpuUpdateInPreemptibleCode.md").toUri(),
        CheckDocs.at("/opt/ctxcheck/docs").url(Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"docs", "../docs/", "mailto:docs@example.org", "https://exa mple.org/"})
  void aBaseThatIsNeitherAnAbsoluteUrlNorPathIsRefused(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckDocs.at(text));
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void withoutABaseNothingIsLinked() {
    assertNull(CheckDocs.NONE.url(Check.NON_ATOMIC_PER_CPU_UPDATE));
  }
}
