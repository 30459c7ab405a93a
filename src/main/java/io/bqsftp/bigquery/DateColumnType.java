package io.bqsftp.bigquery;

import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The BigQuery types a date_range export can filter on, told apart by their Arrow form. */
public enum DateColumnType {
  DATE,
  DATETIME,
  TIMESTAMP;

  private static final String EXTENSION_NAME = "ARROW:extension:name";

  /** Reads the type from the column's Arrow field; anything else is a config problem. */
  public static DateColumnType of(Field field) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Date) {
      return DATE;
    }
    if (type instanceof ArrowType.Timestamp ts) {
      Map<String, String> metadata = field.getMetadata();
      boolean datetime =
          ts.getTimezone() == null
              || (metadata != null && "google:sqlType:datetime".equals(metadata.get(EXTENSION_NAME)));
      return datetime ? DATETIME : TIMESTAMP;
    }
    throw new IllegalArgumentException(
        "date_column " + field.getName() + " has Arrow type " + type
            + "; it must be a DATE, DATETIME or TIMESTAMP column");
  }
}
