package io.bqsftp.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A user-supplied table: a schema file as {@code bq show --schema --format=prettyjson} prints it
 * and rows as {@code bq load --source_format=NEWLINE_DELIMITED_JSON} accepts them. Rows are held
 * in memory; blank lines are skipped. See {@link JsonValueConverter} for the value forms.
 */
public final class JsonLinesTable implements LocalTable {
  private final List<BqField> columns;
  private final List<Object[]> rows;
  private final TableFiller filler;

  private JsonLinesTable(List<BqField> columns, List<Object[]> rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
    this.filler = new TableFiller(this.columns);
  }

  /**
   * Loads a table.
   *
   * @throws TableFileException naming the file, line and field of bad input
   */
  public static JsonLinesTable load(Path schemaJson, Path rowsJsonl) {
    ObjectMapper mapper = mapper();
    List<BqField> columns = BqSchemaJson.read(schemaJson, mapper);
    return new JsonLinesTable(columns, readRows(rowsJsonl, columns, mapper));
  }

  private static ObjectMapper mapper() {
    return JsonMapper.builder()
        // Keep every digit of NUMERIC/BIGNUMERIC values.
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();
  }

  private static List<Object[]> readRows(Path file, List<BqField> columns, ObjectMapper mapper) {
    JsonValueConverter converter = new JsonValueConverter(mapper);
    List<Object[]> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (!line.isBlank()) {
          rows.add(row(file, lineNumber, line, columns, mapper, converter));
        }
      }
    } catch (IOException e) {
      throw new TableFileException(file, 0, null, "cannot read: " + e, e);
    }
    return rows;
  }

  private static Object[] row(Path file, long lineNumber, String line, List<BqField> columns,
      ObjectMapper mapper, JsonValueConverter converter) {
    JsonNode node;
    try {
      node = ExactJsonTree.read(mapper, line);
    } catch (JsonProcessingException e) {
      throw new TableFileException(file, lineNumber, null, "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TableFileException(file, lineNumber, null, "invalid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new TableFileException(file, lineNumber, null, "each line must be one JSON object", null);
    }
    Object[] values = new Object[columns.size()];
    JsonNode[] cells = new JsonNode[columns.size()];
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      int index = JsonValueConverter.indexOf(columns, entry.getKey());
      if (index < 0) {
        throw new TableFileException(file, lineNumber, entry.getKey(), "no such column in the schema", null);
      }
      cells[index] = entry.getValue();
    }
    for (int i = 0; i < columns.size(); i++) {
      BqField column = columns.get(i);
      try {
        values[i] = converter.convert(column, cells[i], column.name());
      } catch (JsonValueConverter.BadValue e) {
        throw new TableFileException(file, lineNumber, e.path, e.getMessage(), null);
      }
    }
    return values;
  }

  @Override
  public List<BqField> columns() {
    return columns;
  }

  @Override
  public long rowCount() {
    return rows.size();
  }

  @Override
  public void fill(VectorSchemaRoot root, long from, int count) {
    if (from < 0 || count < 0 || from + count > rows.size()) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") of " + rows.size());
    }
    filler.fill(root, from, count, (column, row) -> rows.get((int) row)[column]);
  }
}
