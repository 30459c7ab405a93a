package io.bqsftp.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How one kind of setting is read from a JSON value or an environment variable. JSON is read
 * strictly (a port must be a JSON number); environment variables are always text, so they are
 * parsed.
 */
public final class ValueType<T> {

  /** A value that could not be read: the phrase completes "{path}: ..." (e.g. "must be true or false"). */
  static final class Mismatch extends Exception {
    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  interface Reader<R, T> {
    T read(R raw) throws Mismatch;
  }

  public static final ValueType<String> STRING =
      new ValueType<>("string", v -> requireString(v, "must be a string"), s -> s);

  public static final ValueType<Secret> SECRET =
      new ValueType<>(
          "secret string", v -> new Secret(requireString(v, "must be a string")), Secret::new);

  public static final ValueType<Integer> INT =
      new ValueType<>("integer", v -> (int) wholeNumber(v, Integer.MIN_VALUE, Integer.MAX_VALUE),
          s -> (int) wholeNumber(parseNumber(s), Integer.MIN_VALUE, Integer.MAX_VALUE));

  public static final ValueType<Long> LONG =
      new ValueType<>("long", v -> wholeNumber(v, Long.MIN_VALUE, Long.MAX_VALUE),
          s -> wholeNumber(parseNumber(s), Long.MIN_VALUE, Long.MAX_VALUE));

  /** From env, as the seed read DEBUG: "True", "true" or "1" mean true, anything else false. */
  public static final ValueType<Boolean> BOOLEAN =
      new ValueType<>("boolean", ValueType::requireBoolean,
          s -> s.strip().equalsIgnoreCase("true") || s.strip().equals("1"));

  /**
   * A CSV field delimiter: exactly one character, or {@code "\t"} / {@code "tab"} spelled out. A
   * quote or line break would make the CSV unreadable.
   */
  public static final ValueType<Character> DELIMITER =
      new ValueType<>("character", v -> delimiter(requireString(v, "must be a string")),
          ValueType::delimiter, Optional.of("one character, not `\"` or a line break"));

  /**
   * A JSON list of strings (each non-empty); from env, comma-separated. Duplicates are left to a
   * validator, which knows whether case matters.
   */
  public static final ValueType<java.util.List<String>> STRING_LIST =
      new ValueType<>("list of strings", ValueType::stringList,
          s -> stringList(new io.vertx.core.json.JsonArray(java.util.Arrays.stream(s.split(","))
              .map(String::strip).toList())));

  /** A JSON object, read as is (its keys are checked by whoever reads it). */
  public static final ValueType<io.vertx.core.json.JsonObject> OBJECT =
      new ValueType<>("object", v -> {
        if (v instanceof io.vertx.core.json.JsonObject o) {
          return o;
        }
        throw new Mismatch("must be an object");
      }, s -> {
        throw new Mismatch("cannot be set from the environment");
      });

  private final String docName;
  private final Reader<Object, T> fromJson;
  private final Reader<String, T> fromEnv;
  private final Optional<String> choices;

  private ValueType(String docName, Reader<Object, T> fromJson, Reader<String, T> fromEnv) {
    this(docName, fromJson, fromEnv, Optional.empty());
  }

  private ValueType(String docName, Reader<Object, T> fromJson, Reader<String, T> fromEnv,
      Optional<String> choices) {
    this.docName = docName;
    this.fromJson = fromJson;
    this.fromEnv = fromEnv;
    this.choices = choices;
  }

  /** One of a fixed set of words, each naming a constant (e.g. {@code full | date_range}). */
  public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type, Function<E, String> word) {
    E[] constants = type.getEnumConstants();
    String list = Arrays.stream(constants).map(word).collect(Collectors.joining(", "));
    Reader<String, E> parse = s -> {
      for (E e : constants) {
        if (word.apply(e).equals(s)) {
          return e;
        }
      }
      throw new Mismatch("must be one of " + list);
    };
    return new ValueType<>("enum", v -> parse.read(requireString(v, "must be one of " + list)),
        parse, Optional.of(list));
  }

  public String docName() {
    return docName;
  }

  /** The type as JSON Schema keywords, for conf/config.schema.json. */
  public io.vertx.core.json.JsonObject jsonSchema() {
    var schema = new io.vertx.core.json.JsonObject();
    switch (docName) {
      case "integer" -> schema.put("type", "integer").put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
      case "long" -> schema.put("type", "integer");
      case "boolean" -> schema.put("type", "boolean");
      case "enum" -> schema.put("type", "string")
          .put("enum", new io.vertx.core.json.JsonArray(List.of(choices.orElseThrow().split(", "))));
      case "character" -> schema.put("type", "string").put("minLength", 1).put("maxLength", 3);
      case "secret string" -> schema.put("type", "string").put("writeOnly", true);
      case "list of strings" -> schema.put("type", "array")
          .put("items", new io.vertx.core.json.JsonObject().put("type", "string").put("minLength", 1));
      case "object" -> schema.put("type", "object");
      default -> schema.put("type", "string");
    }
    return schema;
  }

  /** The rule the type itself enforces (enum words, delimiter), shown in the reference. */
  public Optional<String> rule() {
    return choices;
  }

  T fromJson(Object value) throws Mismatch {
    return fromJson.read(value);
  }

  T fromEnv(String value) throws Mismatch {
    return fromEnv.read(value);
  }

  private static String requireString(Object v, String message) throws Mismatch {
    if (v instanceof String s) {
      return s;
    }
    throw new Mismatch(message);
  }

  private static java.util.List<String> stringList(Object v) throws Mismatch {
    if (!(v instanceof io.vertx.core.json.JsonArray array)) {
      throw new Mismatch("must be a list of strings");
    }
    var list = new java.util.ArrayList<String>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw new Mismatch("must be a list of non-empty strings");
      }
      list.add(s.strip());
    }
    return java.util.List.copyOf(list);
  }

  private static Boolean requireBoolean(Object v) throws Mismatch {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new Mismatch("must be true or false");
  }

  private static Object parseNumber(String s) throws Mismatch {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      throw new Mismatch("must be a whole number");
    }
  }

  /** Accepts any JSON number with no fractional part (30 and 30.0, not 30.5) within bounds. */
  private static long wholeNumber(Object v, long min, long max) throws Mismatch {
    if (!(v instanceof Number n)) {
      throw new Mismatch("must be a whole number");
    }
    BigDecimal d;
    try {
      d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    } catch (NumberFormatException e) { // NaN, Infinity
      throw new Mismatch("must be a whole number");
    }
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      throw new Mismatch("must be a whole number");
    }
    if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new Mismatch("must be a whole number between " + min + " and " + max);
    }
    return d.longValueExact();
  }

  private static Character delimiter(String s) throws Mismatch {
    String text = s.equals("\\t") || s.equalsIgnoreCase("tab") ? "\t" : s;
    if (text.length() != 1) {
      throw new Mismatch("must be exactly one character (or \"\\t\" / \"tab\")");
    }
    char c = text.charAt(0);
    if (c == '"' || c == '\n' || c == '\r') {
      throw new Mismatch("must not be a double quote or a line break");
    }
    return c;
  }
}
