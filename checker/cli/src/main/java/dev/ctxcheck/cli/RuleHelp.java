package dev.ctxcheck.cli;

import com.contrastsecurity.sarif.MultiformatMessageString;
import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.CheckDocs;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.markdown.MarkdownRenderer;
import org.commonmark.renderer.text.LineBreakRendering;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * A check's page ({@code docs/<CheckName>.md}, bundled with the engine) as SARIF rule text: the
 * first paragraph under "What it reports" is the rule's {@code fullDescription}, the page its
 * {@code help}. Links to other pages are made absolute against the page's address, or dropped
 * (their text kept) when it has none, since a relative link means nothing to a code-scanning service.
 */
final class RuleHelp {

  private static final String DESCRIPTION_SECTION = "What it reports";

  private final Node page;

  RuleHelp(Check check, CheckDocs docs) {
    page = Parser.builder().build().parse(CheckDocs.page(check));
    URI pageUrl = docs.url(check);
    List<Node> comments = new ArrayList<>();
    page.accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        URI target = absolute(pageUrl, link.getDestination());
        if (target != null) {
          link.setDestination(target.toString());
          visitChildren(link);
        } else if (!isAbsolute(link.getDestination())) {
          comments.add(link); // unlinked below
        }
      }

      @Override
      public void visit(HtmlBlock html) {
        comments.add(html); // notes for the page's maintainers
      }
    });
    for (Node n : comments) {
      if (n instanceof Link) {
        while (n.getFirstChild() != null) {
          n.insertBefore(n.getFirstChild());
        }
      }
      n.unlink();
    }
  }

  MultiformatMessageString description() {
    Node paragraph = descriptionParagraph();
    return new MultiformatMessageString()
        .withText(TextContentRenderer.builder().lineBreakRendering(LineBreakRendering.STRIP).build()
            .render(paragraph).strip())
        .withMarkdown(MarkdownRenderer.builder().build().render(paragraph).strip());
  }

  MultiformatMessageString help(Check check, URI pageUrl) {
    String text = check.summary() + "." + (pageUrl == null ? "" : " See " + pageUrl);
    return new MultiformatMessageString().withText(text)
        .withMarkdown(MarkdownRenderer.builder().build().render(page).strip() + "\n");
  }

  private Node descriptionParagraph() {
    boolean inSection = false;
    for (Node n = page.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading h) {
        inSection = h.getLevel() == 2 && h.getFirstChild() instanceof Text t
            && t.getLiteral().equals(DESCRIPTION_SECTION);
      } else if (inSection && n instanceof Paragraph) {
        return n;
      }
    }
    throw new IllegalStateException("the page has no paragraph under \"" + DESCRIPTION_SECTION + "\"");
  }

  /** {@code destination} resolved against {@code page}, or null if it is absolute already or there is no page. */
  private static URI absolute(URI page, String destination) {
    if (page == null || isAbsolute(destination)) {
      return null;
    }
    try {
      URI resolved = page.resolve(new URI(destination));
      // URI.resolve shortens "file:///x" to "file:/x"; keep the usual form.
      return "file".equals(resolved.getScheme())
          ? new URI("file", "", resolved.getPath(), resolved.getFragment()) : resolved;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isAbsolute(String destination) {
    try {
      return new URI(destination).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
