package io.bqsftp.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class ArrowJsonEncoderTest {

  @Test
  void nullColumnsAreLeftOutAndHtmlCharactersEscapedAsBigQueryDoes() throws Exception {
    var schema = new Schema(List.of(
        new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
        new Field("note <&>", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(schema, allocator)) {
      var ids = (BigIntVector) root.getVector(0);
      var notes = (VarCharVector) root.getVector(1);
      ids.setSafe(0, 9_007_199_254_740_993L);
      notes.setSafe(0, "profit&loss <b>\"x\"\n".getBytes(StandardCharsets.UTF_8));
      ids.setNull(1);
      notes.setNull(1);
      ids.setSafe(2, -1);
      notes.setSafe(2, "東京".getBytes(StandardCharsets.UTF_8));
      root.setRowCount(3);

      var out = new ByteArrayOutputStream();
      List<Long> rowsPerChunk = new ArrayList<>();
      new ArrowJsonEncoder(schema).encode(root, 40, (bytes, length, rows) -> {
        out.write(bytes, 0, length);
        rowsPerChunk.add(rows);
      });

      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
          "{\"id\":\"9007199254740993\",\"note \\u003c\\u0026\\u003e\":\"profit\\u0026loss \\u003cb\\u003e\\\"x\\\"\\n\"}\n"
              + "{}\n"
              + "{\"id\":\"-1\",\"note \\u003c\\u0026\\u003e\":\"東京\"}\n");
      assertThat(rowsPerChunk).containsExactly(1L, 1L, 1L); // 40-byte chunks: the long first row alone
    }
  }
}
