package io.bqsftp.local;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The boolean expressions users write as an export's {@code row_filter}, as far as the local server
 * understands them (everything else is INVALID_ARGUMENT, never guessed at):
 *
 * <pre>
 *   expr       := and ( OR and )*
 *   and        := not ( AND not )*
 *   not        := NOT not | "(" expr ")" | predicate
 *   predicate  := ident IS [NOT] NULL | ident op literal | ident        (a BOOL column alone)
 *   op         := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 *   literal    := 'string' | "string" | number | TRUE | FALSE | (DATE | DATETIME | TIMESTAMP) 'string'
 * </pre>
 *
 * Keywords are case-insensitive; {@code ident} is a top-level column, bare or in backquotes.
 * Numbers compare with INT64, FLOAT64, NUMERIC and BIGNUMERIC columns, strings with STRING columns
 * and (coerced, as BigQuery does) with DATE, DATETIME and TIMESTAMP columns, TRUE/FALSE with BOOL.
 * SQL's three-valued logic holds: a comparison with NULL is unknown, and only rows for which the
 * whole expression is TRUE pass.
 */
final class RowExpression {
  private static final Pattern TOKEN = Pattern.compile(
      "\\s*(?:(`[A-Za-z_][A-Za-z0-9_]*`)|([A-Za-z_][A-Za-z0-9_]*)|('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")"
          + "|(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)|(!=|<>|<=|>=|=|<|>)|([()]))");
  private static final Pattern DATETIME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?))?");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?))?(?:\\s*UTC|Z|\\+00(?::?00)?)?");

  private final String text;
  private final Node root;

  private RowExpression(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** Parses {@code text}; throws "unsupported row_restriction: ..." for anything outside the grammar. */
  static RowExpression parse(String text) {
    var parser = new Parser(text, tokenize(text));
    Node node = parser.expression();
    if (parser.pos < parser.tokens.size()) {
      throw unsupported(text, "unexpected '" + parser.tokens.get(parser.pos).text + "'");
    }
    return new RowExpression(text, node);
  }

  /** Binds column names to the schema's spelling and checks each comparison's types. */
  RowExpression resolve(Schema schema) {
    return new RowExpression(text, root.resolve(schema, text));
  }

  Set<String> columns() {
    Set<String> columns = new LinkedHashSet<>();
    root.collect(columns);
    return columns;
  }

  /** Rows of {@code root} for which the expression is TRUE (not FALSE, not unknown). */
  IntPredicate matcher(VectorSchemaRoot batch) {
    Eval eval = root.bind(batch);
    return row -> Boolean.TRUE.equals(eval.at(row));
  }

  @Override
  public String toString() {
    return text;
  }

  // --- tokens and parser ------------------------------------------------------------------------

  private enum Kind { QUOTED_IDENT, WORD, STRING, NUMBER, OP, PAREN }

  private record Token(Kind kind, String text) {
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
  }

  private static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int pos = 0;
    while (pos < text.length()) {
      if (text.substring(pos).isBlank()) {
        break;
      }
      m.region(pos, text.length());
      if (!m.lookingAt()) {
        throw unsupported(text, "cannot read position " + pos);
      }
      for (int g = 1; g <= 6; g++) {
        if (m.group(g) != null) {
          tokens.add(new Token(Kind.values()[g - 1], m.group(g)));
        }
      }
      pos = m.end();
    }
    return tokens;
  }

  private static final Set<String> KEYWORDS =
      Set.of("AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "DATE", "DATETIME", "TIMESTAMP", "BETWEEN", "IN", "LIKE");

  private static final class Parser {
    final String text;
    final List<Token> tokens;
    int pos;

    Parser(String text, List<Token> tokens) {
      this.text = text;
      this.tokens = tokens;
    }

    Token peek() {
      return pos < tokens.size() ? tokens.get(pos) : null;
    }

    boolean accept(String keyword) {
      Token t = peek();
      if (t != null && (t.is(keyword) || (t.kind == Kind.PAREN || t.kind == Kind.OP) && t.text.equals(keyword))) {
        pos++;
        return true;
      }
      return false;
    }

    Token next(String expected) {
      Token t = peek();
      if (t == null) {
        throw unsupported(text, "expected " + expected + " at the end");
      }
      pos++;
      return t;
    }

    Node expression() {
      List<Node> terms = new ArrayList<>(List.of(conjunction()));
      while (accept("OR")) {
        terms.add(conjunction());
      }
      return terms.size() == 1 ? terms.get(0) : new Or(terms);
    }

    Node conjunction() {
      List<Node> terms = new ArrayList<>(List.of(negation()));
      while (accept("AND")) {
        terms.add(negation());
      }
      return terms.size() == 1 ? terms.get(0) : new And(terms);
    }

    Node negation() {
      if (accept("NOT")) {
        return new Not(negation());
      }
      if (accept("(")) {
        Node inner = expression();
        if (!accept(")")) {
          throw unsupported(text, "expected ')'");
        }
        return inner;
      }
      return predicate();
    }

    Node predicate() {
      Token t = next("a column");
      String column;
      if (t.kind == Kind.QUOTED_IDENT) {
        column = t.text.substring(1, t.text.length() - 1);
      } else if (t.kind == Kind.WORD && !KEYWORDS.contains(t.text.toUpperCase(Locale.ROOT))) {
        column = t.text;
      } else {
        throw unsupported(text, "expected a column name, got '" + t.text + "'");
      }
      if (accept("IS")) {
        boolean negated = accept("NOT");
        if (!accept("NULL")) {
          throw unsupported(text, "expected NULL after IS");
        }
        return new IsNull(column, negated);
      }
      Token op = peek();
      if (op == null || op.kind != Kind.OP) {
        if (op == null || op.is("AND") || op.is("OR") || op.text.equals(")")) {
          return new Compare(column, "=", Literal.bool(true), null);
        }
        throw unsupported(text, "expected a comparison operator after " + column + ", got '" + op.text + "'");
      }
      pos++;
      return new Compare(column, op.text.equals("<>") ? "!=" : op.text, literal(), null);
    }

    Literal literal() {
      Token t = next("a literal");
      switch (t.kind) {
        case STRING -> {
          return Literal.string(unquote(text, t.text));
        }
        case NUMBER -> {
          return Literal.number(new BigDecimal(t.text));
        }
        case WORD -> {
          if (t.is("TRUE") || t.is("FALSE")) {
            return Literal.bool(t.is("TRUE"));
          }
          String type = t.text.toUpperCase(Locale.ROOT);
          if (type.equals("DATE") || type.equals("DATETIME") || type.equals("TIMESTAMP")) {
            Token value = next("a quoted " + type + " literal");
            if (value.kind != Kind.STRING) {
              throw unsupported(text, type + " must be followed by a quoted literal");
            }
            String literal = unquote(text, value.text);
            switch (type) { // checked now: a malformed literal is an error whatever the column
              case "DATE" -> date(text, literal);
              case "DATETIME" -> micros(text, literal, DATETIME);
              default -> micros(text, literal, TIMESTAMP);
            }
            return Literal.typed(type, literal);
          }
          throw unsupported(text, "expected a literal, got '" + t.text + "'");
        }
        default -> throw unsupported(text, "expected a literal, got '" + t.text + "'");
      }
    }

    /** The literal's text; only the escapes \\, \' and \" are understood (anything else is refused, not guessed). */
    private static String unquote(String text, String quoted) {
      String body = quoted.substring(1, quoted.length() - 1);
      var out = new StringBuilder(body.length());
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '\\') {
          char next = body.charAt(++i); // the token pattern guarantees a character follows
          if (next != '\\' && next != '\'' && next != '"') {
            throw unsupported(text, "unsupported escape \\" + next + " in a string literal");
          }
          c = next;
        }
        out.append(c);
      }
      return out.toString();
    }
  }

  // --- the tree ---------------------------------------------------------------------------------

  /** SQL truth: TRUE, FALSE, or null for unknown. */
  private interface Eval {
    Boolean at(int row);
  }

  private interface Node {
    Node resolve(Schema schema, String text);

    void collect(Set<String> columns);

    Eval bind(VectorSchemaRoot batch);
  }

  private record And(List<Node> terms) implements Node {
    public Node resolve(Schema schema, String text) {
      return new And(terms.stream().map(t -> t.resolve(schema, text)).toList());
    }

    public void collect(Set<String> columns) {
      terms.forEach(t -> t.collect(columns));
    }

    public Eval bind(VectorSchemaRoot batch) {
      Eval[] evals = terms.stream().map(t -> t.bind(batch)).toArray(Eval[]::new);
      return row -> {
        Boolean result = Boolean.TRUE;
        for (Eval e : evals) {
          Boolean v = e.at(row);
          if (Boolean.FALSE.equals(v)) {
            return false;
          }
          if (v == null) {
            result = null;
          }
        }
        return result;
      };
    }
  }

  private record Or(List<Node> terms) implements Node {
    public Node resolve(Schema schema, String text) {
      return new Or(terms.stream().map(t -> t.resolve(schema, text)).toList());
    }

    public void collect(Set<String> columns) {
      terms.forEach(t -> t.collect(columns));
    }

    public Eval bind(VectorSchemaRoot batch) {
      Eval[] evals = terms.stream().map(t -> t.bind(batch)).toArray(Eval[]::new);
      return row -> {
        Boolean result = Boolean.FALSE;
        for (Eval e : evals) {
          Boolean v = e.at(row);
          if (Boolean.TRUE.equals(v)) {
            return true;
          }
          if (v == null) {
            result = null;
          }
        }
        return result;
      };
    }
  }

  private record Not(Node inner) implements Node {
    public Node resolve(Schema schema, String text) {
      return new Not(inner.resolve(schema, text));
    }

    public void collect(Set<String> columns) {
      inner.collect(columns);
    }

    public Eval bind(VectorSchemaRoot batch) {
      Eval e = inner.bind(batch);
      return row -> {
        Boolean v = e.at(row);
        return v == null ? null : !v;
      };
    }
  }

  private record IsNull(String column, boolean negated) implements Node {
    public Node resolve(Schema schema, String text) {
      return new IsNull(field(schema, column).getName(), negated);
    }

    public void collect(Set<String> columns) {
      columns.add(column);
    }

    public Eval bind(VectorSchemaRoot batch) {
      FieldVector vector = vector(batch, column);
      return row -> vector.isNull(row) != negated;
    }
  }

  /** A literal as written; {@code value} holds the bound comparable once resolved. */
  private record Literal(String kind, String text, BigDecimal number, Boolean bool) {
    static Literal string(String s) {
      return new Literal("STRING", s, null, null);
    }

    static Literal number(BigDecimal n) {
      return new Literal("NUMBER", n.toPlainString(), n, null);
    }

    static Literal bool(boolean b) {
      return new Literal("BOOL", String.valueOf(b).toUpperCase(Locale.ROOT), null, b);
    }

    static Literal typed(String type, String s) {
      return new Literal(type, s, null, null);
    }

    @Override
    public String toString() {
      return kind.equals("NUMBER") || kind.equals("BOOL") ? text : kind + " '" + text + "'";
    }
  }

  private record Compare(String column, String op, Literal literal, Object bound) implements Node {
    public Node resolve(Schema schema, String text) {
      Field field = field(schema, column);
      ArrowType type = field.getType();
      Object value;
      boolean numeric = type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint
          || type instanceof ArrowType.Decimal;
      if (numeric && literal.kind.equals("NUMBER")) {
        value = literal.number;
      } else if (type instanceof ArrowType.Utf8 && literal.kind.equals("STRING")) {
        value = literal.text.getBytes(StandardCharsets.UTF_8);
      } else if (type instanceof ArrowType.Bool && literal.kind.equals("BOOL")) {
        if (!op.equals("=") && !op.equals("!=")) {
          throw unsupported(text, "BOOL column '" + field.getName() + "' compares only with = and !=");
        }
        value = literal.bool;
      } else if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY
          && (literal.kind.equals("DATE") || literal.kind.equals("STRING"))) {
        value = date(text, literal.text);
      } else if (type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND
          && (literal.kind.equals("STRING") || literal.kind.equals(t.getTimezone() == null ? "DATETIME" : "TIMESTAMP"))) {
        value = micros(text, literal.text, t.getTimezone() == null ? DATETIME : TIMESTAMP);
      } else {
        throw new IllegalArgumentException("No matching signature for operator " + op + " in row_restriction: column '"
            + field.getName() + "' of Arrow type " + type + " cannot be compared with " + literal);
      }
      return new Compare(field.getName(), op, literal, value);
    }

    public void collect(Set<String> columns) {
      columns.add(column);
    }

    public Eval bind(VectorSchemaRoot batch) {
      FieldVector vector = vector(batch, column);
      java.util.function.IntUnaryOperator compare = comparator(vector);
      return row -> vector.isNull(row) ? null : test(compare.applyAsInt(row));
    }

    private java.util.function.IntUnaryOperator comparator(FieldVector vector) {
      if (vector instanceof BaseIntVector ints && bound instanceof BigDecimal n) {
        return row -> BigDecimal.valueOf(ints.getValueAsLong(row)).compareTo(n);
      }
      if (vector instanceof Float8Vector doubles && bound instanceof BigDecimal n) {
        double d = n.doubleValue();
        return row -> Double.compare(doubles.get(row), d);
      }
      if (vector instanceof DecimalVector decimals && bound instanceof BigDecimal n) {
        return row -> decimals.getObject(row).compareTo(n);
      }
      if (vector instanceof Decimal256Vector decimals && bound instanceof BigDecimal n) {
        return row -> decimals.getObject(row).compareTo(n);
      }
      if (vector instanceof VarCharVector strings && bound instanceof byte[] bytes) {
        // Unsigned UTF-8 byte order is code point order, BigQuery's order for STRING.
        return row -> Arrays.compareUnsigned(strings.get(row), bytes);
      }
      if (vector instanceof BitVector bits && bound instanceof Boolean b) {
        return row -> Boolean.compare(bits.get(row) != 0, b);
      }
      if (vector instanceof DateDayVector days && bound instanceof Long day) {
        return row -> Long.compare(days.get(row), day);
      }
      if (vector instanceof TimeStampVector stamps && bound instanceof Long micros) {
        return row -> Long.compare(stamps.get(row), micros);
      }
      throw new IllegalArgumentException("unsupported restriction column " + vector.getField());
    }

    private boolean test(int c) {
      return switch (op) {
        case "=" -> c == 0;
        case "!=" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        default -> throw new IllegalStateException(op);
      };
    }
  }

  private static Field field(Schema schema, String column) {
    Field loose = null;
    for (Field f : schema.getFields()) {
      if (f.getName().equals(column)) {
        return f;
      }
      if (loose == null && f.getName().equalsIgnoreCase(column)) {
        loose = f;
      }
    }
    if (loose == null) {
      throw new IllegalArgumentException("row_restriction names unknown column '" + column + "'");
    }
    return loose;
  }

  private static FieldVector vector(VectorSchemaRoot batch, String column) {
    FieldVector vector = batch.getVector(column);
    if (vector == null) {
      throw new IllegalArgumentException("batch lacks restriction column " + column);
    }
    return vector;
  }

  private static long date(String text, String literal) {
    try {
      if (!literal.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw unsupported(text, "DATE literal must be YYYY-MM-DD: '" + literal + "'");
      }
      return LocalDate.parse(literal).toEpochDay();
    } catch (DateTimeParseException e) {
      throw unsupported(text, "invalid DATE literal '" + literal + "'");
    }
  }

  private static long micros(String text, String literal, Pattern format) {
    Matcher m = format.matcher(literal);
    if (!m.matches()) {
      throw unsupported(text, "invalid date and time literal '" + literal + "'");
    }
    try {
      LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
      return ArrowValueWriter.micros(LocalDateTime.of(LocalDate.parse(m.group(1)), time));
    } catch (DateTimeParseException e) {
      throw unsupported(text, "invalid date and time literal '" + literal + "'");
    }
  }

  private static IllegalArgumentException unsupported(String text, String reason) {
    return new IllegalArgumentException("unsupported row_restriction: " + text + " (" + reason + ")");
  }
}
