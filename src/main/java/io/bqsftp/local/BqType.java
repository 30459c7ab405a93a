package io.bqsftp.local;

import java.util.Locale;
import java.util.Map;

/** The BigQuery column types the local server knows, with the legacy names {@code bq} prints. */
public enum BqType {
  INT64, FLOAT64, NUMERIC, BIGNUMERIC, BOOL, STRING, BYTES, DATE, TIME, DATETIME, TIMESTAMP,
  GEOGRAPHY, JSON, INTERVAL, RANGE, STRUCT;

  private static final Map<String, BqType> ALIASES = Map.of(
      "INTEGER", INT64,
      "FLOAT", FLOAT64,
      "BOOLEAN", BOOL,
      "RECORD", STRUCT,
      "DECIMAL", NUMERIC,
      "BIGDECIMAL", BIGNUMERIC);

  /** Parses a type name as a BigQuery schema spells it (legacy or standard SQL name). */
  public static BqType parse(String name) {
    String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    BqType alias = ALIASES.get(upper);
    if (alias != null) {
      return alias;
    }
    try {
      return valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown BigQuery type '" + name + "'");
    }
  }

  /** Whether a RANGE may hold this type as its element. */
  public boolean isRangeElement() {
    return this == DATE || this == DATETIME || this == TIMESTAMP;
  }
}
