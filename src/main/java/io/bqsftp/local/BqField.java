package io.bqsftp.local;

import java.util.List;
import java.util.Objects;

/**
 * One column of a BigQuery table schema, as {@code bq show --schema} describes it.
 *
 * @param fields sub-fields of a STRUCT, empty otherwise
 * @param rangeElementType the element type of a RANGE, null otherwise
 */
public record BqField(String name, BqType type, Mode mode, List<BqField> fields, BqType rangeElementType) {

  /** BigQuery's field modes. */
  public enum Mode { NULLABLE, REQUIRED, REPEATED }

  public BqField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mode, "mode");
    fields = List.copyOf(fields == null ? List.of() : fields);
    if (type == BqType.STRUCT && fields.isEmpty()) {
      throw new IllegalArgumentException("STRUCT field '" + name + "' needs sub-fields");
    }
    if (type != BqType.STRUCT && !fields.isEmpty()) {
      throw new IllegalArgumentException("only a STRUCT field may have sub-fields: '" + name + "'");
    }
    if (type == BqType.RANGE && (rangeElementType == null || !rangeElementType.isRangeElement())) {
      throw new IllegalArgumentException(
          "RANGE field '" + name + "' needs a rangeElementType of DATE, DATETIME or TIMESTAMP");
    }
    if (type != BqType.RANGE) {
      rangeElementType = null;
    }
  }

  public static BqField nullable(String name, BqType type) {
    return new BqField(name, type, Mode.NULLABLE, List.of(), null);
  }

  public static BqField required(String name, BqType type) {
    return new BqField(name, type, Mode.REQUIRED, List.of(), null);
  }

  public static BqField repeated(String name, BqType type) {
    return new BqField(name, type, Mode.REPEATED, List.of(), null);
  }

  public static BqField struct(String name, Mode mode, BqField... fields) {
    return new BqField(name, BqType.STRUCT, mode, List.of(fields), null);
  }

  public static BqField range(String name, BqType elementType) {
    return new BqField(name, BqType.RANGE, Mode.NULLABLE, List.of(), elementType);
  }

  public boolean repeatedMode() {
    return mode == Mode.REPEATED;
  }
}
