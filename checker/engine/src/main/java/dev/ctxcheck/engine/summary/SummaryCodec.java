package dev.ctxcheck.engine.summary;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import dev.ctxcheck.engine.facts.FlowGraph;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes and reads {@link Summary summaries}: gzip over Smile (binary JSON, whose back-references
 * to repeated names and short strings keep ids cheap), bound by Jackson straight from the fact
 * records, so that a new record, or a new component of one, needs no change here. Only the few
 * fact classes that are not records have a converter below ({@link FlowGraph}); interfaces that
 * are {@code sealed} (such as {@code Value}) carry their subtype's name.
 *
 * <p>The stream is {@code {"format": N, "summary": {...}}}: the format is read first, and a summary
 * of another format is refused before anything else is bound. Output is deterministic: sets are
 * written sorted, maps by key, and gzip's header has no time stamp.
 */
public final class SummaryCodec {

  private static final ObjectMapper MAPPER = mapper();
  /** Deflating and inflating in large blocks: gzip's default of 512 bytes costs a native call each. */
  private static final int BUFFER = 1 << 16;

  private SummaryCodec() {}

  public static byte[] encode(Summary summary) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      encode(summary, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  /** Writes {@code summary} to {@code out} as it goes (no copy of the whole in memory), and closes it. */
  public static void encode(Summary summary, OutputStream out) throws IOException {
    try (GZIPOutputStream gzip = new FastGzipOutputStream(out);
        JsonGenerator gen = MAPPER.getFactory().createGenerator(gzip)) {
      gen.writeStartObject();
      gen.writeNumberField("format", Summary.FORMAT);
      gen.writeFieldName("summary");
      MAPPER.writeValue(gen, summary);
      gen.writeEndObject();
    }
  }

  /**
   * @throws SummaryException if the bytes are not a summary, are damaged, or are of another format
   */
  public static Summary decode(byte[] bytes) throws SummaryException {
    return decode(new ByteArrayInputStream(bytes));
  }

  public static Summary decode(InputStream in) throws SummaryException {
    try (GZIPInputStream gzip = new GZIPInputStream(in, BUFFER);
        JsonParser parser = MAPPER.getFactory().createParser(gzip)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT && "format".equals(parser.nextFieldName()));
      expect(parser.nextToken() == JsonToken.VALUE_NUMBER_INT);
      int format = parser.getIntValue();
      if (format != Summary.FORMAT) {
        throw new SummaryException("its format is " + format + ", this ctxcheck reads format " + Summary.FORMAT
            + " (rebuild the module with this ctxcheck)", null);
      }
      expect("summary".equals(parser.nextFieldName()));
      parser.nextToken();
      Summary summary = MAPPER.readValue(parser, Summary.class);
      expect(summary != null && parser.nextToken() == JsonToken.END_OBJECT);
      return summary;
    } catch (IOException | RuntimeException e) {
      // RuntimeException: a damaged record (a range ending before it starts) fails in its constructor.
      throw new SummaryException("it is damaged (" + e.getClass().getSimpleName() + ": " + firstLine(e) + ")", e);
    }
  }

  /**
   * Gzip at its fastest level: deflating the Smile stream at the default level was the largest single part
   * of writing a summary (a third of its CPU time at 100k lines), for a summary a fifth smaller.
   */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, BUFFER);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static void expect(boolean condition) throws IOException {
    if (!condition) {
      throw new IOException("not a ctxcheck summary");
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static ObjectMapper mapper() {
    SmileFactory smile = SmileFactory.builder()
        .enable(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
        .build();
    smile.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    SimpleModule facts = new SimpleModule("ctxcheck-facts");
    facts.addSerializer(new SortedSetSerializer());
    facts.addSerializer(FlowGraph.class, new com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer(
        new FlowGraphToData()));
    facts.addDeserializer(FlowGraph.class, new com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer<>(
        new DataToFlowGraph()));
    ObjectMapper mapper = JsonMapper.builder(smile)
        // The record components are the facts; accessor-like methods (isSynthetic()) are not.
        .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
        .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .addModule(facts)
        // Records as arrays of their components: no field names in the stream.
        .annotationIntrospector(new com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector() {
          @Override
          public com.fasterxml.jackson.annotation.JsonFormat.Value findFormat(
              com.fasterxml.jackson.databind.introspect.Annotated a) {
            if (a instanceof com.fasterxml.jackson.databind.introspect.AnnotatedClass c && c.getRawType().isRecord()
                && c.getRawType() != Summary.class) {
              return com.fasterxml.jackson.annotation.JsonFormat.Value.forShape(
                  com.fasterxml.jackson.annotation.JsonFormat.Shape.ARRAY);
            }
            return super.findFormat(a);
          }
        })
        .build();
    mapper.setDefaultTyping(new SealedTypes());
    return mapper;
  }

  /** Type ids for the values of sealed interfaces, and nothing else. */
  private static final class SealedTypes extends ObjectMapper.DefaultTypeResolverBuilder {
    SealedTypes() {
      super(ObjectMapper.DefaultTyping.NON_FINAL_AND_ENUMS, BasicPolymorphicTypeValidator.builder()
          .allowIfSubType("dev.ctxcheck.engine.").build());
      init(JsonTypeInfo.Id.MINIMAL_CLASS, null);
      inclusion(JsonTypeInfo.As.PROPERTY);
      typeProperty("@t");
    }

    @Override
    public boolean useForType(JavaType t) {
      Class<?> raw = t.getRawClass();
      return raw.isInterface() && raw.isSealed();
    }
  }

  /** Sets in a stable order (enum constants, strings): the same facts give the same bytes. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final class SortedSetSerializer extends StdSerializer<Set> {
    SortedSetSerializer() {
      super(Set.class);
    }

    @Override
    public void serialize(Set value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      // Most sets are empty or of one element: nothing to sort, nothing to copy into a list.
      Object[] sorted = value.toArray();
      if (sorted.length > 1) {
        Arrays.sort(sorted);
      }
      gen.writeStartArray();
      for (Object o : sorted) {
        provider.defaultSerializeValue(o, gen);
      }
      gen.writeEndArray();
    }
  }

  /** {@link FlowGraph} as its three adjacency arrays (exit and unchecked exit are blocks 1 and 2). */
  record FlowGraphData(int[][] sites, int[][] successors, int[][] exceptional) {}

  private static final class FlowGraphToData extends StdConverter<FlowGraph, FlowGraphData> {
    @Override
    public FlowGraphData convert(FlowGraph g) {
      int n = g.blockCount();
      int[][] sites = new int[n][];
      int[][] successors = new int[n][];
      int[][] exceptional = new int[n][];
      for (int b = 0; b < n; b++) {
        sites[b] = g.sites(b);
        successors[b] = g.successors(b);
        exceptional[b] = g.exceptionalSuccessors(b);
      }
      return new FlowGraphData(sites, successors, exceptional);
    }
  }

  private static final class DataToFlowGraph extends StdConverter<FlowGraphData, FlowGraph> {
    @Override
    public FlowGraph convert(FlowGraphData d) {
      FlowGraph.Builder b = new FlowGraph.Builder();
      int n = d.sites().length;
      if (n < 3 || d.successors().length != n || d.exceptional().length != n) {
        throw new IllegalArgumentException("a control-flow graph of " + n + " blocks");
      }
      for (int i = 3; i < n; i++) {
        b.newBlock();
      }
      for (int i = 0; i < n; i++) {
        for (int s : d.sites()[i]) {
          b.addSite(i, s);
        }
        for (int to : d.successors()[i]) {
          checkBlock(to, n);
          b.addEdge(i, to);
        }
        for (int to : d.exceptional()[i]) {
          checkBlock(to, n);
          b.addExceptionalEdge(i, to);
        }
      }
      return b.build();
    }

    private static void checkBlock(int block, int count) {
      if (block < 0 || block >= count) {
        throw new IllegalArgumentException("an edge to block " + block + " of " + count);
      }
    }
  }
}
