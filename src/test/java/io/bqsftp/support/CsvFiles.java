package io.bqsftp.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads exported files back the way a partner would: gunzip, then RFC 4180 records. */
public final class CsvFiles {
  private CsvFiles() {}

  public static String text(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      InputStream source = file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
      var out = new ByteArrayOutputStream();
      source.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Splits CSV text into records of fields, honouring quotes that span lines. */
  public static List<List<String>> records(String text, char delimiter) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    var field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}
