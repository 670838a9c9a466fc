package dev.ctxcheck.bench.gen;

import java.nio.file.Path;

/** {@code Generate OUT_DIR LINES [SEED]}: writes a corpus to OUT_DIR/src and its manifest to OUT_DIR/manifest.tsv. */
public final class Generate {

  private Generate() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    long lines = Sizes.parse(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    CorpusGenerator.Options o = new CorpusGenerator.Options(seed, lines, out.resolve("src"));
    CorpusGenerator.Result r = new CorpusGenerator(o).generate();
    Manifest.of(o, r).write(out.resolve("manifest.tsv"));
    System.out.println(r.lines() + " lines, " + r.files() + " files, " + r.packages() + " packages, "
        + r.expected().size() + " expected findings; " + r.counts());
  }
}
