package io.bqsftp.local;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The subset of {@code read_options.row_restriction} the service generates: empty, or comparisons
 * joined by {@code AND}, each {@code IDENT OP TYPE 'LITERAL'} (the export's date window) or
 * {@code IDENT = "STRING"} (the ledger's queries by export name and run id):
 *
 * <pre>
 *   restriction := ws* [ comparison ( ws+ "AND" ws+ comparison )* ] ws*
 *   comparison  := ident ws* op ws* type ws* "'" literal "'"  |  ident ws* op ws* string
 *   string      := a double- or single-quoted literal; a backslash escapes a backslash or a quote
 *                  (untyped: compared as the column's type, see below)
 *   ident       := [A-Za-z_][A-Za-z0-9_]*  |  "`" [A-Za-z_][A-Za-z0-9_]* "`"
 *   op          := "&gt;=" | "&gt;" | "&lt;=" | "&lt;" | "="
 *   type        := "DATE" | "DATETIME" | "TIMESTAMP"          (upper case, as is AND)
 *   DATE      literal: YYYY-MM-DD
 *   DATETIME  literal: YYYY-MM-DD HH:MM:SS[.f{1,6}]          ('T' also accepted for the space)
 *   TIMESTAMP literal: YYYY-MM-DD HH:MM:SS[.f{1,6}] followed by " UTC" or "+00:00"
 * </pre>
 *
 * A DATE literal compares with a DATE column, DATETIME with DATETIME, TIMESTAMP with TIMESTAMP and
 * a string with a STRING column (exactly, case-sensitive, as GoogleSQL's {@code =}); an untyped
 * single-quoted literal is coerced to the column's type, as BigQuery does ({@code YYYY-MM-DD} is
 * midnight for DATETIME and TIMESTAMP columns, UTC for TIMESTAMP). NULL never matches. Anything else is rejected rather than guessed at, so a service bug shows
 * up as INVALID_ARGUMENT instead of silently wrong rows.
 *
 * <p>A restriction outside this grammar, or one it reads but cannot resolve against the schema — a
 * user's {@code row_filter}, alone or ANDed with the date window in parentheses — is read as a
 * {@link RowExpression} (OR, NOT, parentheses, IS NULL, comparisons of any order with string and
 * number literals); the fast path above stays for the service's own windows and the ledger's queries.
 */
public final class RowRestriction {
  public static final RowRestriction NONE = new RowRestriction(List.of());

  private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern COMPARISON = Pattern.compile(
      "(?:`(" + IDENT + ")`|(" + IDENT + "))\\s*(>=|>|<=|<|=)\\s*(DATE|DATETIME|TIMESTAMP)\\s*'([^']*)'");
  private static final Pattern UNTYPED_COMPARISON = Pattern.compile(
      "(?:`(" + IDENT + ")`|(" + IDENT + "))\\s*(>=|>|<=|<|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)')");
  private static final Pattern AND = Pattern.compile("\\s+AND\\s+");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATETIME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?)");
  private static final Pattern TIMESTAMP =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?)(?: UTC|\\+00:00)");

  /** A comparison operator. */
  public enum Op {
    GE(">="), GT(">"), LE("<="), LT("<"), EQ("=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    static Op of(String symbol) {
      for (Op op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException(symbol);
    }

    boolean test(int comparison) {
      return switch (this) {
        case GE -> comparison >= 0;
        case GT -> comparison > 0;
        case LE -> comparison <= 0;
        case LT -> comparison < 0;
        case EQ -> comparison == 0;
      };
    }
  }

  /** The type keyword before a literal. */
  public enum LiteralType { DATE, DATETIME, TIMESTAMP, STRING }

  /**
   * One comparison; {@code value} is days since the epoch for DATE, microseconds since the epoch
   * (UTC) for DATETIME and TIMESTAMP; {@code text} is the unescaped literal of a STRING, or an
   * untyped literal ({@code type} null) until {@link #resolve} coerces it to the column's type.
   */
  public record Comparison(String column, Op op, LiteralType type, long value, String text) {
    public Comparison(String column, Op op, LiteralType type, long value) {
      this(column, op, type, value, null);
    }

    static Comparison string(String column, String text) {
      return new Comparison(column, Op.EQ, LiteralType.STRING, 0, text);
    }
  }

  private final List<Comparison> comparisons;
  private final RowExpression expression; // null: the comparisons above
  private final String text; // as parsed, for the RowExpression fallback in resolve

  private RowRestriction(List<Comparison> comparisons) {
    this(comparisons, null);
  }

  private RowRestriction(List<Comparison> comparisons, String text) {
    this.comparisons = List.copyOf(comparisons);
    this.expression = null;
    this.text = text;
  }

  private RowRestriction(RowExpression expression) {
    this.comparisons = List.of();
    this.expression = expression;
    this.text = null;
  }

  /**
   * Parses a restriction.
   *
   * @throws IllegalArgumentException "unsupported row_restriction: ..." for anything outside the
   *     grammar
   */
  public static RowRestriction parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.isEmpty()) {
      return NONE;
    }
    RowRestriction comparisons;
    try {
      comparisons = parseComparisons(text, trimmed);
    } catch (IllegalArgumentException notTheWindowGrammar) {
      return new RowRestriction(RowExpression.parse(text));
    }
    return new RowRestriction(comparisons.comparisons, text);
  }

  private static RowRestriction parseComparisons(String text, String trimmed) {
    List<Comparison> comparisons = new ArrayList<>();
    int pos = 0;
    while (true) {
      Matcher m = COMPARISON.matcher(trimmed).region(pos, trimmed.length());
      Matcher s = UNTYPED_COMPARISON.matcher(trimmed).region(pos, trimmed.length());
      if (m.lookingAt()) {
        String column = m.group(1) != null ? m.group(1) : m.group(2);
        LiteralType type = LiteralType.valueOf(m.group(4));
        comparisons.add(new Comparison(column, Op.of(m.group(3)), type, literal(text, type, m.group(5))));
        pos = m.end();
      } else if (s.lookingAt()) {
        String column = s.group(1) != null ? s.group(1) : s.group(2);
        Op op = Op.of(s.group(3));
        if (s.group(4) != null) {
          // A double-quoted literal is a STRING, compared for equality only.
          if (op != Op.EQ) {
            throw unsupported(text, "a \"STRING\" literal compares with = only, at position " + pos);
          }
          comparisons.add(Comparison.string(column, unescape(text, s.group(4))));
        } else {
          // Coerced to the column's type once the schema is known (resolve).
          comparisons.add(new Comparison(column, op, null, 0, unescape(text, s.group(5))));
        }
        pos = s.end();
      } else {
        throw unsupported(text, "expected IDENT OP TYPE 'LITERAL' or IDENT = \"STRING\" at position " + pos);
      }
      if (pos == trimmed.length()) {
        return new RowRestriction(comparisons);
      }
      Matcher and = AND.matcher(trimmed).region(pos, trimmed.length());
      if (!and.lookingAt()) {
        throw unsupported(text, "expected AND at position " + pos);
      }
      pos = and.end();
    }
  }

  public List<Comparison> comparisons() {
    return comparisons;
  }

  public boolean isEmpty() {
    return expression == null && comparisons.isEmpty();
  }

  /**
   * Checks the restriction against a table schema and binds column names to the schema's
   * spelling (BigQuery column names are case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown column or a literal type the column's type
   *     does not compare with
   */
  public RowRestriction resolve(Schema schema) {
    if (expression != null) {
      return new RowRestriction(expression.resolve(schema));
    }
    try {
      return resolveComparisons(schema);
    } catch (IllegalArgumentException e) {
      // A user filter such as name > 'a' reads as comparisons but only resolves as an expression.
      if (text != null) {
        try {
          return new RowRestriction(RowExpression.parse(text).resolve(schema));
        } catch (IllegalArgumentException alsoNot) {
          // fall through: the comparisons' own message names the problem
        }
      }
      throw e;
    }
  }

  private RowRestriction resolveComparisons(Schema schema) {
    List<Comparison> resolved = new ArrayList<>();
    for (Comparison c : comparisons) {
      Field field = findField(schema, c.column());
      if (field == null) {
        throw new IllegalArgumentException("row_restriction names unknown column '" + c.column() + "'");
      }
      if (c.type() == null) {
        resolved.add(coerce(c, field));
        continue;
      }
      if (!compatible(c.type(), field.getType())) {
        throw new IllegalArgumentException("unsupported row_restriction: column '" + field.getName()
            + "' of Arrow type " + field.getType() + " cannot be compared with a " + c.type() + " literal");
      }
      resolved.add(new Comparison(field.getName(), c.op(), c.type(), c.value(), c.text()));
    }
    return new RowRestriction(resolved);
  }

  /** An untyped literal as the column's type: a date stands for midnight, a TIMESTAMP is UTC. */
  private static Comparison coerce(Comparison c, Field field) {
    LiteralType type = typeOf(field.getType());
    if (type == null || (type == LiteralType.STRING && c.op() != Op.EQ)) {
      throw new IllegalArgumentException("unsupported row_restriction: column '" + field.getName()
          + "' of Arrow type " + field.getType() + " cannot be compared with a string literal by " + c.op());
    }
    if (type == LiteralType.STRING) {
      return Comparison.string(field.getName(), c.text());
    }
    String literal = c.text();
    if (type != LiteralType.DATE && DATE.matcher(literal).matches()) {
      literal = literal + " 00:00:00";
    }
    if (type == LiteralType.TIMESTAMP && !literal.endsWith(" UTC") && !literal.endsWith("+00:00")) {
      literal = literal + " UTC";
    }
    return new Comparison(field.getName(), c.op(), type, literal(c.text(), type, literal));
  }

  /** The literal type a column of this Arrow type compares with; null for none. */
  private static LiteralType typeOf(ArrowType arrow) {
    for (LiteralType type : LiteralType.values()) {
      if (compatible(type, arrow)) {
        return type;
      }
    }
    return null;
  }

  /** The columns the restriction reads, in order of first use. */
  public Set<String> columns() {
    if (expression != null) {
      return expression.columns();
    }
    Set<String> columns = new LinkedHashSet<>();
    comparisons.forEach(c -> columns.add(c.column()));
    return columns;
  }

  /** A predicate over the rows of {@code root}, which must hold every column of a resolved restriction. */
  public IntPredicate matcher(VectorSchemaRoot root) {
    if (expression != null) {
      return expression.matcher(root);
    }
    IntPredicate all = row -> true;
    for (Comparison c : comparisons) {
      IntPredicate test = comparisonMatcher(root, c);
      IntPredicate previous = all;
      all = row -> previous.test(row) && test.test(row);
    }
    return all;
  }

  private static IntPredicate comparisonMatcher(VectorSchemaRoot root, Comparison c) {
    var vector = root.getVector(c.column());
    if (vector == null) {
      throw new IllegalArgumentException("batch lacks restriction column " + c.column());
    }
    if (vector instanceof DateDayVector dates) {
      return row -> !dates.isNull(row) && c.op().test(Long.compare(dates.get(row), c.value()));
    }
    if (vector instanceof TimeStampVector stamps) {
      return row -> !stamps.isNull(row) && c.op().test(Long.compare(stamps.get(row), c.value()));
    }
    if (vector instanceof VarCharVector strings) {
      byte[] wanted = c.text().getBytes(StandardCharsets.UTF_8);
      return row -> !strings.isNull(row) && Arrays.equals(strings.get(row), wanted);
    }
    throw new IllegalArgumentException("unsupported restriction column " + vector.getField());
  }

  private static Field findField(Schema schema, String column) {
    Field caseInsensitive = null;
    for (Field field : schema.getFields()) {
      if (field.getName().equals(column)) {
        return field;
      }
      if (field.getName().equalsIgnoreCase(column)) {
        caseInsensitive = field;
      }
    }
    return caseInsensitive;
  }

  private static boolean compatible(LiteralType type, ArrowType arrow) {
    return switch (type) {
      case DATE -> arrow instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY;
      case DATETIME -> arrow instanceof ArrowType.Timestamp t
          && t.getUnit() == TimeUnit.MICROSECOND && t.getTimezone() == null;
      case TIMESTAMP -> arrow instanceof ArrowType.Timestamp t
          && t.getUnit() == TimeUnit.MICROSECOND && t.getTimezone() != null;
      case STRING -> arrow instanceof ArrowType.Utf8;
    };
  }

  private static long literal(String text, LiteralType type, String literal) {
    try {
      switch (type) {
        case DATE -> {
          if (!DATE.matcher(literal).matches()) {
            throw unsupported(text, "DATE literal must be YYYY-MM-DD: '" + literal + "'");
          }
          return LocalDate.parse(literal).toEpochDay();
        }
        case DATETIME -> {
          Matcher m = DATETIME.matcher(literal);
          if (!m.matches()) {
            throw unsupported(text, "DATETIME literal must be YYYY-MM-DD HH:MM:SS[.ffffff]: '" + literal + "'");
          }
          return micros(m.group(1), m.group(2));
        }
        case TIMESTAMP -> {
          Matcher m = TIMESTAMP.matcher(literal);
          if (!m.matches()) {
            throw unsupported(text,
                "TIMESTAMP literal must be YYYY-MM-DD HH:MM:SS[.ffffff] UTC (or +00:00): '" + literal + "'");
          }
          return micros(m.group(1), m.group(2));
        }
        default -> throw new IllegalStateException();
      }
    } catch (DateTimeParseException e) {
      throw unsupported(text, "invalid " + type + " literal '" + literal + "'");
    }
  }

  /** Undoes the escapes the grammar allows: a backslash before a backslash or a quote. */
  private static String unescape(String text, String quoted) {
    StringBuilder out = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char ch = quoted.charAt(i);
      if (ch == '\\') {
        char next = quoted.charAt(++i);
        if (next != '\\' && next != '"' && next != '\'') {
          throw unsupported(text, "escape \\" + next + " in a string literal");
        }
        ch = next;
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static long micros(String date, String time) {
    return ArrowValueWriter.micros(LocalDateTime.of(LocalDate.parse(date), LocalTime.parse(time)));
  }

  private static IllegalArgumentException unsupported(String text, String reason) {
    return new IllegalArgumentException("unsupported row_restriction: " + text + " (" + reason + ")");
  }

  @Override
  public String toString() {
    return expression != null ? expression.toString() : comparisons.toString();
  }
}
