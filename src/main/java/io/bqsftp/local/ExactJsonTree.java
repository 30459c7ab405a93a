package io.bqsftp.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads one JSON value into a tree whose numbers keep their text as written: a {@link DecimalNode}
 * loses the sign of {@code -0.0} (BigDecimal has no negative zero) and a double loses digits, while
 * {@code bq load} reads FLOAT64 {@code -0.0} as negative zero and NUMERIC/BIGNUMERIC to the last
 * digit. Duplicate keys are an error, as in BigQuery.
 */
final class ExactJsonTree {
  private ExactJsonTree() {}

  /** A JSON number: its exact decimal value and the text it was written as. */
  static final class Number extends DecimalNode {
    private final String text;

    Number(BigDecimal value, String text) {
      super(value);
      this.text = text;
    }

    /** The number as written, e.g. {@code -0.0} or {@code 1e3}. */
    @Override
    public String asText() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Number n && n.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }

  static JsonNode read(ObjectMapper mapper, String json) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(json)) {
      if (parser.nextToken() == null) {
        return null;
      }
      JsonNode node = value(parser);
      if (parser.nextToken() != null) {
        throw new JsonProcessingException("trailing content after the JSON value", parser.currentLocation()) {};
      }
      return node;
    }
  }

  private static JsonNode value(JsonParser p) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          p.nextToken();
          if (object.has(name)) {
            throw new JsonProcessingException("duplicate key \"" + name + "\"", p.currentLocation()) {};
          }
          object.set(name, value(p));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        return array;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        if (p.isNaN()) {
          return DoubleNode.valueOf(p.getDoubleValue()); // NaN, Infinity (a non-standard extension)
        }
        return new Number(p.getDecimalValue(), p.getText());
      }
      case VALUE_STRING -> {
        return nodes.textNode(p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> throw new JsonProcessingException("unexpected " + token, p.currentLocation()) {};
    }
  }
}
