package io.bqsftp.export;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one message every trigger sends on the event bus: the seed's body,
 * {@code {"export_name": "product_data", "date": "2025-03-17"}}; the date is optional (today in UTC).
 */
public record ExportRequest(String exportName, Optional<LocalDate> date) {
  private static final Pattern EXPORT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  public static ExportRequest fromJson(JsonObject body) {
    if (body == null) {
      throw new RequestException(400, "body must be a JSON object with export_name");
    }
    Object name = body.getValue("export_name");
    if (!(name instanceof String text) || text.isBlank()) {
      throw new RequestException(400, "export_name: is required and must be a string");
    }
    if (!EXPORT_NAME.matcher(text).matches()) {
      throw new RequestException(400, "export_name: must match [A-Za-z0-9_-]{1,100}");
    }
    Object date = body.getValue("date");
    if (date == null) {
      return new ExportRequest(text, Optional.empty());
    }
    if (!(date instanceof String dateText)) {
      throw new RequestException(400, "date: must be a string YYYY-MM-DD");
    }
    return new ExportRequest(text, Optional.of(parseDate(dateText)));
  }

  /** Accepts {@code 2025-03-17} (the seed's form) and {@code 20250317} (the seed scripts' form). */
  public static LocalDate parseDate(String text) {
    try {
      return text.length() == 8
          ? LocalDate.parse(text, DateTimeFormatter.BASIC_ISO_DATE)
          : LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw new RequestException(400, "date: must be a calendar date YYYY-MM-DD (got \"" + shown + "\")");
    }
  }

  public JsonObject toJson() {
    var json = new JsonObject().put("export_name", exportName);
    date.ifPresent(d -> json.put("date", d.toString()));
    return json;
  }
}
