package io.bqsftp.local;

import java.nio.file.Path;

/** Bad schema or row input for a {@link JsonLinesTable}, naming the file, line and field. */
public final class TableFileException extends IllegalArgumentException {
  private final Path file;
  private final long line;
  private final String field;

  /**
   * @param line 1-based line number, or 0 when unknown (schema files are read as a whole)
   * @param field dotted path of the offending field, or null when the problem is not a field's
   */
  public TableFileException(Path file, long line, String field, String problem, Throwable cause) {
    super(describe(file, line, field, problem), cause);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  private static String describe(Path file, long line, String field, String problem) {
    StringBuilder text = new StringBuilder().append(file);
    if (line > 0) {
      text.append(" line ").append(line);
    }
    if (field != null) {
      text.append(" field ").append(field);
    }
    return text.append(": ").append(problem).toString();
  }

  public Path file() {
    return file;
  }

  public long line() {
    return line;
  }

  public String field() {
    return field;
  }
}
