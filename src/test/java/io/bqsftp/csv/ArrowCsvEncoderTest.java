package io.bqsftp.csv;

import static io.bqsftp.csv.CsvTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Encoder behaviour around the values: dialects, header, chunking, batches, nesting. */
class ArrowCsvEncoderTest {

  private record Chunk(String text, long rows) {}

  private static List<Chunk> chunks(ArrowCsvEncoder encoder, Batch batch, int max)
      throws IOException {
    List<Chunk> chunks = new ArrayList<>();
    encoder.encode(batch.root, max, (bytes, length, rows) ->
        chunks.add(new Chunk(new String(bytes, 0, length, StandardCharsets.UTF_8), rows)));
    return chunks;
  }

  /** Three rows: (1, "a"), (22, "b|c"), (null, "tab\there"). */
  private static Batch threeRows() {
    Batch batch = new Batch(int64("id"), string("text"));
    BigIntVector id = batch.vector(0);
    VarCharVector text = batch.vector(1);
    id.setSafe(0, 1);
    text.setSafe(0, "a".getBytes(StandardCharsets.UTF_8));
    id.setSafe(1, 22);
    text.setSafe(1, "b|c".getBytes(StandardCharsets.UTF_8));
    id.setNull(2);
    text.setSafe(2, "tab\there".getBytes(StandardCharsets.UTF_8));
    return batch.rows(3);
  }

  @Test
  void pipeDelimiterQuotesValuesContainingAPipe() {
    try (Batch batch = threeRows()) {
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), new CsvFormat('|', false));
      assertThat(encode(encoder, batch.root, 1000)).isEqualTo("1|a\n22|\"b|c\"\n|tab\there\n");
    }
  }

  @Test
  void tabDelimiterQuotesValuesContainingATab() {
    try (Batch batch = threeRows()) {
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), new CsvFormat('\t', false));
      assertThat(encode(encoder, batch.root, 1000)).isEqualTo("1\ta\n22\tb|c\n\t\"tab\there\"\n");
    }
  }

  @Test
  void delimiterThatCanOccurInNumbersAndDatesQuotesThem() {
    try (Batch batch = new Batch(float64("f"), date("d"), int64("i"))) {
      ((Float8Vector) batch.vector(0)).setSafe(0, 1.5);
      ((DateDayVector) batch.vector(1)).setSafe(0, 0);
      ((BigIntVector) batch.vector(2)).setSafe(0, -3);
      batch.rows(1);
      assertThat(encode(new ArrowCsvEncoder(batch.schema(), new CsvFormat('.', false)),
              batch.root, 99))
          .isEqualTo("\"1.5\".1970-01-01.-3\n");
      assertThat(encode(new ArrowCsvEncoder(batch.schema(), new CsvFormat('-', false)),
              batch.root, 99))
          .isEqualTo("1.5-\"1970-01-01\"-\"-3\"\n");
    }
  }

  @Test
  void nonAsciiDelimiterIsWrittenAsUtf8() {
    try (Batch batch = threeRows()) {
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), new CsvFormat('§', true));
      assertThat(new String(encoder.header(), StandardCharsets.UTF_8)).isEqualTo("id§text\n");
      assertThat(encode(encoder, batch.root, 1000)).isEqualTo("1§a\n22§b|c\n§tab\there\n");
    }
  }

  @Test
  void quoteCrAndLfCannotBeDelimiters() {
    Schema schema = new Schema(List.of(int64("i")));
    for (char bad : new char[] {'"', '\n', '\r'}) {
      assertThatThrownBy(() -> new ArrowCsvEncoder(schema, new CsvFormat(bad, true)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void headerIsQuotedByTheCsvRuleAndOmittedWhenOff() {
    Schema schema = new Schema(List.of(int64("plain"), int64("with,comma"), int64("say \"x\""),
        int64("ünïcode")));
    assertThat(new String(new ArrowCsvEncoder(schema, CsvFormat.BIGQUERY_DEFAULT).header(),
            StandardCharsets.UTF_8))
        .isEqualTo("plain,\"with,comma\",\"say \"\"x\"\"\",ünïcode\n");
    assertThat(new String(new ArrowCsvEncoder(schema, new CsvFormat('|', true)).header(),
            StandardCharsets.UTF_8))
        .isEqualTo("plain|with,comma|\"say \"\"x\"\"\"|ünïcode\n");
    assertThat(new ArrowCsvEncoder(schema, NO_HEADER).header()).isEmpty();
  }

  @Test
  void headerIsNotRepeatedInTheRows() throws IOException {
    try (Batch batch = threeRows()) {
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), CsvFormat.BIGQUERY_DEFAULT);
      assertThat(chunks(encoder, batch, 1000))
          .containsExactly(new Chunk("1,a\n22,b|c\n,tab\there\n", 3));
    }
  }

  @Test
  void tinyChunksEndOnRowBoundaries() throws IOException {
    try (Batch batch = threeRows()) {
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), NO_HEADER);
      // Rows are "1,a\n" (4 bytes), "22,b|c\n" (7), ",tab\there\n" (10).
      assertThat(chunks(encoder, batch, 11))
          .containsExactly(new Chunk("1,a\n22,b|c\n", 2), new Chunk(",tab\there\n", 1));
      assertThat(chunks(encoder, batch, 7))
          .containsExactly(new Chunk("1,a\n", 1), new Chunk("22,b|c\n", 1),
              new Chunk(",tab\there\n", 1));
    }
  }

  @Test
  void rowLongerThanTheChunkLimitIsEmittedAlone() throws IOException {
    try (Batch batch = new Batch(string("s"))) {
      VarCharVector s = batch.vector(0);
      s.setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
      s.setSafe(1, "y".repeat(50).getBytes(StandardCharsets.UTF_8));
      s.setSafe(2, "z".getBytes(StandardCharsets.UTF_8));
      s.setSafe(3, "w".getBytes(StandardCharsets.UTF_8));
      batch.rows(4);
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), NO_HEADER);
      List<Chunk> chunks = chunks(encoder, batch, 5);
      assertThat(chunks).containsExactly(new Chunk("x\n", 1), new Chunk("y".repeat(50) + "\n", 1),
          new Chunk("z\nw\n", 2));
      for (Chunk c : chunks) {
        assertThat(c.text().length() <= 5 || c.rows() == 1).isTrue();
      }
    }
  }

  @Test
  void chunkRowCountsAddUpToTheBatch() throws IOException {
    try (Batch batch = new Batch(int64("i"), string("s"))) {
      BigIntVector i = batch.vector(0);
      VarCharVector s = batch.vector(1);
      StringBuilder expected = new StringBuilder();
      for (int r = 0; r < 1000; r++) {
        i.setSafe(r, r * 7919L);
        s.setSafe(r, ("v" + r).getBytes(StandardCharsets.UTF_8));
        expected.append(r * 7919L).append(",v").append(r).append('\n');
      }
      batch.rows(1000);
      List<Chunk> chunks = chunks(new ArrowCsvEncoder(batch.schema(), NO_HEADER), batch, 100);
      assertThat(chunks.stream().mapToLong(Chunk::rows).sum()).isEqualTo(1000);
      assertThat(chunks).allSatisfy(c -> {
        assertThat(c.text()).hasSizeLessThanOrEqualTo(100).endsWith("\n");
        assertThat(c.text().chars().filter(ch -> ch == '\n').count()).isEqualTo(c.rows());
      });
      assertThat(String.join("", chunks.stream().map(Chunk::text).toList()))
          .isEqualTo(expected.toString());
    }
  }

  @Test
  void oneEncoderRendersSeveralBatches() throws IOException {
    Schema schema = new Schema(List.of(int64("i"), string("s")));
    ArrowCsvEncoder encoder = new ArrowCsvEncoder(schema, NO_HEADER);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int b = 0; b < 3; b++) {
      try (Batch batch = new Batch(int64("i"), string("s"))) {
        for (int r = 0; r <= b; r++) {
          ((BigIntVector) batch.vector(0)).setSafe(r, b * 10 + r);
          ((VarCharVector) batch.vector(1)).setSafe(r, ("b" + b).getBytes(StandardCharsets.UTF_8));
        }
        batch.rows(b + 1);
        encoder.encode(batch.root, 64, (bytes, length, rows) -> all.write(bytes, 0, length));
      }
    }
    assertThat(all.toString(StandardCharsets.UTF_8))
        .isEqualTo("0,b0\n10,b1\n11,b1\n20,b2\n21,b2\n22,b2\n");
    assertThat(encoder.rowsEncoded()).isEqualTo(6);
  }

  @Test
  void emptyBatchEmitsNothing() throws IOException {
    try (Batch batch = new Batch(int64("i")).rows(0)) {
      assertThat(chunks(new ArrowCsvEncoder(batch.schema(), NO_HEADER), batch, 10)).isEmpty();
    }
  }

  @Test
  void nonAsciiUtf8TextIsCopiedByteForByte() {
    String[] texts = {"Zürich", "日本語テキスト", "emoji 😀", "Ελληνικά, με κόμμα"};
    List<String> lines = renderColumn(string("s"), texts.length, (VarCharVector v) -> {
      for (int i = 0; i < texts.length; i++) {
        v.setSafe(i, texts[i].getBytes(StandardCharsets.UTF_8));
      }
    });
    assertThat(lines).containsExactly("Zürich", "日本語テキスト", "emoji 😀", "\"Ελληνικά, με κόμμα\"");
  }

  @Test
  void nullsInsideArraysAndStructsAreJsonNull() {
    Field s = struct("s", int64("a"), string("b"));
    assertThat(renderColumn(s, 2, (StructVector v) -> {
      v.setIndexDefined(0);
      ((BigIntVector) v.getChild("a")).setNull(0);
      ((VarCharVector) v.getChild("b")).setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
      v.setNull(1);
      ((BigIntVector) v.getChild("a")).setNull(1);
      ((VarCharVector) v.getChild("b")).setNull(1);
    })).containsExactly("\"{\"\"a\"\":null,\"\"b\"\":\"\"x\"\"}\"", "");

    Field a = list("a", float64("item"));
    assertThat(renderColumn(a, new CsvFormat('|', false), 1, (ListVector v) -> {
      Float8Vector items = (Float8Vector) v.getDataVector();
      v.startNewValue(0);
      items.setSafe(0, 1);
      items.setNull(1);
      items.setSafe(2, Double.NaN);
      v.endValue(0, 3);
    })).containsExactly("\"[1,null,\"\"NaN\"\"]\"");
  }

  @Test
  void nestedStructInArrayWithEscapedText() {
    Field element = struct("item", string("k"), list("v", int64("item")));
    Field array = list("a", element);
    List<String> lines = renderColumn(array, new CsvFormat('\t', false), 1, (ListVector v) -> {
      StructVector items = (StructVector) v.getDataVector();
      VarCharVector k = (VarCharVector) items.getChild("k");
      ListVector inner = (ListVector) items.getChild("v");
      BigIntVector numbers = (BigIntVector) inner.getDataVector();
      v.startNewValue(0);
      items.setIndexDefined(0);
      k.setSafe(0, "line\nbreak \\ \"q\"".getBytes(StandardCharsets.UTF_8));
      inner.startNewValue(0);
      numbers.setSafe(0, 5);
      inner.endValue(0, 1);
      items.setIndexDefined(1);
      k.setNull(1);
      inner.startNewValue(1);
      inner.endValue(1, 0);
      v.endValue(0, 2);
    });
    String json = "[{\"k\":\"line\\nbreak \\\\ \\\"q\\\"\",\"v\":[\"5\"]},{\"k\":null,\"v\":[]}]";
    assertThat(lines).containsExactly("\"" + json.replace("\"", "\"\"") + "\"");
  }

  @Test
  void int64InJsonCanBeABareNumber() {
    Field array = list("a", int64("item"));
    try (Batch batch = new Batch(array)) {
      ListVector v = batch.vector(0);
      v.startNewValue(0);
      ((BigIntVector) v.getDataVector()).setSafe(0, 9);
      v.endValue(0, 1);
      batch.rows(1);
      ArrowCsvEncoder encoder =
          new ArrowCsvEncoder(batch.schema(), NO_HEADER, new CsvTextOptions(true, false));
      assertThat(encode(encoder, batch.root, 99)).isEqualTo("[9]\n");
    }
  }

  @Test
  void unsupportedTypeFailsFastNamingTheField() {
    Schema schema = new Schema(List.of(int64("ok"), field("small", new ArrowType.Int(32, true))));
    assertThatThrownBy(() -> new ArrowCsvEncoder(schema, CsvFormat.BIGQUERY_DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'small'");
    Schema nested = new Schema(List.of(struct("s", field("f",
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))));
    assertThatThrownBy(() -> new ArrowCsvEncoder(nested, CsvFormat.BIGQUERY_DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'s.f'");
  }

  @Test
  void userStructNamedLikeARangeButOfOtherTypesStaysAStruct() {
    Field s = struct("s", int64("start"), int64("end"));
    assertThat(renderColumn(s, new CsvFormat('|', false), 1, (StructVector v) -> {
      v.setIndexDefined(0);
      ((BigIntVector) v.getChild("start")).setSafe(0, 1);
      ((BigIntVector) v.getChild("end")).setSafe(0, 2);
    })).containsExactly("\"{\"\"start\"\":\"\"1\"\",\"\"end\"\":\"\"2\"\"}\"");
  }

  @Test
  void batchOfAnotherSchemaIsRejected() {
    Schema schema = new Schema(List.of(int64("i")));
    ArrowCsvEncoder encoder = new ArrowCsvEncoder(schema, NO_HEADER);
    try (Batch batch = new Batch(field("i", new ArrowType.Int(32, true)))) {
      ((IntVector) batch.vector(0)).setSafe(0, 1);
      batch.rows(1);
      assertThatThrownBy(() -> encoder.encode(batch.root, 10, (b, l, r) -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'i'");
    }
  }
}
