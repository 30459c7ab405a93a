package io.bqsftp.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a table schema as {@code bq show --schema --format=prettyjson} prints it: an array of
 * {name, type, mode, fields, rangeElementType}. A {@code {"fields": [...]}} wrapper (the REST
 * API's TableSchema) is accepted too.
 */
final class BqSchemaJson {
  private BqSchemaJson() {}

  static List<BqField> read(Path file, ObjectMapper mapper) {
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new TableFileException(file, line, null, "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TableFileException(file, 0, null, "cannot read: " + e, e);
    }
    if (root != null && root.isObject() && root.has("fields")) {
      root = root.get("fields");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new TableFileException(file, 0, null, "expected a non-empty JSON array of fields", null);
    }
    return fields(file, root, "");
  }

  private static List<BqField> fields(Path file, JsonNode array, String prefix) {
    List<BqField> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : array) {
      String where = prefix + (node.hasNonNull("name") ? node.get("name").asText() : "[" + index + "]");
      BqField field = field(file, node, where);
      if (!names.add(field.name().toLowerCase(Locale.ROOT))) {
        throw new TableFileException(file, 0, where, "duplicate field name", null);
      }
      fields.add(field);
      index++;
    }
    return fields;
  }

  private static BqField field(Path file, JsonNode node, String where) {
    if (!node.isObject() || !node.hasNonNull("name") || !node.hasNonNull("type")) {
      throw new TableFileException(file, 0, where, "a field needs a name and a type", null);
    }
    String name = node.get("name").asText();
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new TableFileException(file, 0, where, "invalid field name '" + name + "'", null);
    }
    try {
      BqType type = BqType.parse(node.get("type").asText());
      BqField.Mode mode = node.hasNonNull("mode") ? mode(node.get("mode").asText()) : BqField.Mode.NULLABLE;
      List<BqField> sub = List.of();
      if (type == BqType.STRUCT) {
        JsonNode subFields = node.get("fields");
        if (subFields == null || !subFields.isArray() || subFields.isEmpty()) {
          throw new IllegalArgumentException("a RECORD needs a non-empty fields array");
        }
        sub = fields(file, subFields, where + ".");
      }
      BqType rangeElement = null;
      if (type == BqType.RANGE) {
        JsonNode element = node.get("rangeElementType");
        if (element == null || !element.hasNonNull("type")) {
          throw new IllegalArgumentException("a RANGE needs rangeElementType {\"type\": ...}");
        }
        rangeElement = BqType.parse(element.get("type").asText());
      }
      return new BqField(name, type, mode, sub, rangeElement);
    } catch (TableFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new TableFileException(file, 0, where, e.getMessage(), e);
    }
  }

  private static BqField.Mode mode(String text) {
    try {
      return BqField.Mode.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown mode '" + text + "' (NULLABLE, REQUIRED or REPEATED)");
    }
  }
}
