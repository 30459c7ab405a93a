package io.bqsftp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the JSON of one {@code bq load --source_format=NEWLINE_DELIMITED_JSON} value to the
 * {@link ArrowValueWriter} value model, rejecting what BigQuery would reject.
 */
final class JsonValueConverter {
  private static final BigDecimal NUMERIC_LIMIT = BigDecimal.TEN.pow(29);
  /** BIGNUMERIC is a 256-bit two's complement integer of 10^-38 units: [-2^255, 2^255 - 1] units. */
  private static final int BIGNUMERIC_BITS = 255;
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");
  private static final Pattern DATETIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[Tt ](.+))?");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "(\\d{4}-\\d{2}-\\d{2})(?:[Tt ](\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?\\s*(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern CANONICAL_INTERVAL = Pattern.compile(
      "(-)?(\\d+)-(\\d+) ([-+])?(\\d+) ([-+])?(\\d+):(\\d+):(\\d+)(?:\\.(\\d{1,9}))?");
  private static final Pattern ISO_INTERVAL = Pattern.compile(
      "(-)?P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)W)?(?:(-?\\d+)D)?"
          + "(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?\\d+(?:\\.\\d{1,9})?)S)?)?");
  private static final Pattern RANGE_TEXT = Pattern.compile("\\[\\s*([^,]*?)\\s*,\\s*([^)]*?)\\s*\\)");

  /** A conversion problem at a field path. */
  static final class BadValue extends RuntimeException {
    final String path;

    BadValue(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  private final ObjectMapper mapper;

  JsonValueConverter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Converts a column's value; {@code node} is null when the key is absent. */
  Object convert(BqField field, JsonNode node, String path) {
    boolean missing = node == null || node.isNull();
    if (field.repeatedMode()) {
      if (missing) {
        return List.of(); // BigQuery has no NULL arrays
      }
      if (!node.isArray()) {
        throw new BadValue(path, "expected a JSON array for a REPEATED field, got " + brief(node));
      }
      List<Object> items = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isNull()) {
          throw new BadValue(path + "[" + i + "]", "an array may not hold NULL");
        }
        items.add(single(field, item, path + "[" + i + "]"));
      }
      return items;
    }
    if (missing) {
      if (field.mode() == BqField.Mode.REQUIRED) {
        throw new BadValue(path, "REQUIRED field is missing or null");
      }
      return null;
    }
    return single(field, node, path);
  }

  private Object single(BqField field, JsonNode node, String path) {
    try {
      return switch (field.type()) {
        case INT64 -> int64(node);
        case FLOAT64 -> float64(node);
        case NUMERIC -> decimal(node, 9, NUMERIC_LIMIT, "NUMERIC");
        case BIGNUMERIC -> bigNumeric(node);
        case BOOL -> bool(node);
        case STRING -> text(node, true);
        case BYTES -> Base64.getDecoder().decode(text(node, false));
        case DATE -> date(text(node, false));
        case TIME -> time(text(node, false));
        case DATETIME -> dateTime(text(node, false));
        case TIMESTAMP -> timestamp(node);
        case GEOGRAPHY -> node.isObject() ? mapper.writeValueAsString(node) : text(node, false);
        // JSON columns hold the JSON value itself (a JSON string value stays a JSON string).
        case JSON -> mapper.writeValueAsString(node);
        case INTERVAL -> interval(text(node, false));
        case RANGE -> range(field.rangeElementType(), node, path);
        case STRUCT -> struct(field, node, path);
      };
    } catch (BadValue e) {
      throw e;
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      throw new BadValue(path, "invalid " + field.type() + " value " + brief(node) + ": " + e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadValue(path, "cannot render JSON: " + e.getOriginalMessage());
    }
  }

  private static Object int64(JsonNode node) {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isNumber()) {
      value = node.decimalValue().toBigIntegerExact();
    } else {
      value = new BigInteger(text(node, false).trim());
    }
    return value.longValueExact();
  }

  private static Object float64(JsonNode node) {
    if (node instanceof ExactJsonTree.Number) {
      return Double.parseDouble(node.asText()); // from the text: keeps -0.0, rounds once
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    String text = text(node, false).trim();
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static Object decimal(JsonNode node, int scale, BigDecimal limit, String type) {
    BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(text(node, false).trim());
    BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
    if (rounded.abs().compareTo(limit) >= 0) {
      throw new IllegalArgumentException("out of range for " + type);
    }
    return rounded;
  }

  private static Object bigNumeric(JsonNode node) {
    BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(text(node, false).trim());
    BigDecimal rounded = value.setScale(38, RoundingMode.HALF_UP);
    if (rounded.unscaledValue().bitLength() > BIGNUMERIC_BITS) {
      throw new IllegalArgumentException("out of range for BIGNUMERIC");
    }
    return rounded;
  }

  private static Object bool(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = text(node, false).trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /** A JSON string; with {@code scalars}, numbers and booleans are taken as their text too. */
  private static String text(JsonNode node, boolean scalars) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (scalars && (node.isNumber() || node.isBoolean())) {
      return node.asText();
    }
    throw new IllegalArgumentException("expected a JSON string");
  }

  static LocalDate date(String text) {
    if (!DATE.matcher(text.trim()).matches()) {
      throw new IllegalArgumentException("expected YYYY-MM-DD");
    }
    return LocalDate.parse(text.trim());
  }

  static LocalTime time(String text) {
    Matcher m = TIME.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected HH:MM:SS[.ffffff]");
    }
    int seconds = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), seconds, micros(m.group(4)) * 1000);
  }

  static LocalDateTime dateTime(String text) {
    Matcher m = DATETIME.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected YYYY-MM-DD[ HH:MM:SS[.ffffff]]");
    }
    LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : time(m.group(2));
    return LocalDateTime.of(date(m.group(1)), time);
  }

  private static Instant timestamp(JsonNode node) {
    if (node.isNumber()) {
      // Epoch seconds, possibly fractional; kept to the microsecond.
      BigDecimal micros = node.decimalValue().movePointRight(6).setScale(0, RoundingMode.FLOOR);
      long value = micros.longValueExact();
      return Instant.EPOCH.plusSeconds(Math.floorDiv(value, 1_000_000)).plusNanos(Math.floorMod(value, 1_000_000) * 1000L);
    }
    return timestamp(text(node, false));
  }

  static Instant timestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected YYYY-MM-DD HH:MM:SS[.ffffff][ UTC|Z|+HH:MM] or epoch seconds");
    }
    LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : time(m.group(2));
    ZoneOffset offset = m.group(3) == null || m.group(3).equalsIgnoreCase("Z") || m.group(3).equals("UTC")
        ? ZoneOffset.UTC
        : ZoneOffset.of(m.group(3).length() == 5 ? m.group(3).substring(0, 3) + ":" + m.group(3).substring(3) : m.group(3));
    return LocalDateTime.of(date(m.group(1)), time).toInstant(offset);
  }

  static IntervalValue interval(String text) {
    String t = text.trim();
    Matcher c = CANONICAL_INTERVAL.matcher(t);
    if (c.matches()) {
      int ymSign = c.group(1) == null ? 1 : -1;
      int daySign = "-".equals(c.group(4)) ? -1 : 1;
      long timeSign = "-".equals(c.group(6)) ? -1 : 1;
      int months = Math.toIntExact(ymSign * (Long.parseLong(c.group(2)) * 12 + Long.parseLong(c.group(3))));
      int days = Math.toIntExact(daySign * Long.parseLong(c.group(5)));
      long nanos = timeSign * timeNanos(c.group(7), c.group(8), c.group(9), c.group(10));
      return new IntervalValue(months, days, nanos);
    }
    Matcher iso = ISO_INTERVAL.matcher(t);
    if (iso.matches() && t.length() > 1 && !t.endsWith("T")) {
      long sign = iso.group(1) == null ? 1 : -1;
      long months = num(iso.group(2)) * 12 + num(iso.group(3));
      long days = num(iso.group(4)) * 7 + num(iso.group(5));
      long secondNanos = iso.group(8) == null ? 0
          : new BigDecimal(iso.group(8)).movePointRight(9).longValueExact();
      long nanos = Math.addExact(
          Math.multiplyExact(num(iso.group(6)) * 3600 + num(iso.group(7)) * 60, 1_000_000_000L), secondNanos);
      return new IntervalValue(Math.toIntExact(sign * months), Math.toIntExact(sign * days), sign * nanos);
    }
    throw new IllegalArgumentException("expected Y-M D H:M:S[.F] or ISO 8601 P...");
  }

  private static long timeNanos(String h, String m, String s, String fraction) {
    long seconds = Long.parseLong(h) * 3600 + Long.parseLong(m) * 60 + Long.parseLong(s);
    long nanos = fraction == null ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
  }

  private static long num(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }

  /** Up to 9 fractional digits, kept to the microsecond as BigQuery does. */
  private static int micros(String fraction) {
    return fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)) / 1000;
  }

  private RangeValue range(BqType element, JsonNode node, String path) {
    if (node.isObject()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("start") && !name.equals("end")) {
          throw new BadValue(path + "." + name, "a RANGE object has only start and end");
        }
      }
      return checkedRange(rangeBound(element, node.get("start")), rangeBound(element, node.get("end")));
    }
    Matcher m = RANGE_TEXT.matcher(text(node, false).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected [start, end) or {\"start\": ..., \"end\": ...}");
    }
    return checkedRange(rangeBound(element, m.group(1)), rangeBound(element, m.group(2)));
  }

  private Object rangeBound(BqType element, JsonNode bound) {
    if (bound == null || bound.isNull()) {
      return null;
    }
    if (element == BqType.TIMESTAMP) {
      return timestamp(bound);
    }
    return rangeBound(element, text(bound, false));
  }

  private static Object rangeBound(BqType element, String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("UNBOUNDED") || t.equalsIgnoreCase("NULL")) {
      return null;
    }
    return switch (element) {
      case DATE -> date(t);
      case DATETIME -> dateTime(t);
      case TIMESTAMP -> timestamp(t);
      default -> throw new IllegalArgumentException("RANGE of " + element);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RangeValue checkedRange(Object start, Object end) {
    if (start != null && end != null && ((Comparable) start).compareTo(end) >= 0) {
      throw new IllegalArgumentException("a RANGE's start must be before its end");
    }
    return new RangeValue(start, end);
  }

  private List<Object> struct(BqField field, JsonNode node, String path) {
    if (!node.isObject()) {
      throw new BadValue(path, "expected a JSON object for a RECORD, got " + brief(node));
    }
    Object[] values = new Object[field.fields().size()];
    boolean[] seen = new boolean[values.length];
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      int index = indexOf(field.fields(), entry.getKey());
      if (index < 0) {
        throw new BadValue(path + "." + entry.getKey(), "no such field in the schema");
      }
      BqField sub = field.fields().get(index);
      values[index] = convert(sub, entry.getValue(), path + "." + sub.name());
      seen[index] = true;
    }
    for (int i = 0; i < values.length; i++) {
      if (!seen[i]) {
        BqField sub = field.fields().get(i);
        values[i] = convert(sub, null, path + "." + sub.name());
      }
    }
    return Arrays.asList(values);
  }

  /** BigQuery field names are case-insensitive. */
  static int indexOf(List<BqField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
