package dev.ctxcheck.lsp.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Offsets and LSP positions: UTF-16 units, three kinds of line break, clamping. */
class LineIndexTest {

  @Test
  void positionsCountUtf16UnitsAfterEachKindOfLineBreak() {
    String text = "a\uD83D\uDE00b\r\ncd\re\nf";
    LineIndex lines = new LineIndex(text);
    assertEquals(4, lines.lineCount());
    int b = text.indexOf('b');
    assertEquals(0, lines.line(b));
    assertEquals(3, lines.character(b), "the emoji is two units");
    assertEquals(b, lines.offset(0, 3));
    assertEquals(text.indexOf('d'), lines.offset(1, 1));
    assertEquals(text.indexOf('e'), lines.offset(2, 0));
    assertEquals(text.indexOf('f'), lines.offset(3, 0));
  }

  @Test
  void aCharacterPastTheLineStopsBeforeItsBreakAndALinePastTheTextAtItsEnd() {
    String text = "ab\r\ncd\n";
    LineIndex lines = new LineIndex(text);
    assertEquals(2, lines.offset(0, 99), "before \\r\\n");
    assertEquals(6, lines.offset(1, 99), "before \\n");
    assertEquals(text.length(), lines.offset(7, 0));
    assertEquals(0, lines.offset(-1, 5));
  }

  @Test
  void javaParserColumnsAreOneBased() {
    LineIndex lines = new LineIndex("x\n  y");
    assertEquals(4, lines.offsetOfColumn(2, 3));
  }
}
