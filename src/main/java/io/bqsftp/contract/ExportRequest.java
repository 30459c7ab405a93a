package io.bqsftp.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one message every trigger sends on the event bus: the seed's body,
 * {@code {"export_name": "product_data", "date": "2025-03-17"}}, plus what the trigger knows about
 * when and by what the run was asked for.
 *
 * @param date the run date asked for; empty: the UTC date of {@code requestedAt}
 * @param requestedAt when the run was asked for (a Pub/Sub message's publish time, an HTTP
 *     request's arrival, a scheduler's schedule time): it fixes the date of a request without one,
 *     however late it is processed, and tells a request for a new export from a duplicate
 * @param triggerId what identifies the request at its source (a Pub/Sub message id), recorded in
 *     the export history so a redelivery of a request whose run succeeded runs nothing
 * @param trace the Cloud Trace of the request ({@code projects/P/traces/T}): the log lines of the
 *     run it starts carry it as {@code logging.googleapis.com/trace}
 */
public record ExportRequest(
    String exportName, Optional<LocalDate> date, Optional<Instant> requestedAt, Optional<String> triggerId,
    Optional<String> trace) {
  private static final Pattern EXPORT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern TRIGGER_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final Pattern TRACE = Pattern.compile("projects/[a-z][a-z0-9-]{4,61}[a-z0-9]/traces/[0-9a-f]{32}");
  /** BigQuery's DATE range: a run date outside it can never be read or named. */
  public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
  public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

  public ExportRequest(String exportName, Optional<LocalDate> date) {
    this(exportName, date, Optional.empty(), Optional.empty());
  }

  /** Without a trace. */
  public ExportRequest(
      String exportName, Optional<LocalDate> date, Optional<Instant> requestedAt, Optional<String> triggerId) {
    this(exportName, date, requestedAt, triggerId, Optional.empty());
  }

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
    Optional<LocalDate> date = Optional.empty();
    Object dateValue = body.getValue("date");
    if (dateValue != null) {
      if (!(dateValue instanceof String dateText)) {
        throw new RequestException(400, "date: must be a string YYYY-MM-DD");
      }
      date = Optional.of(parseDate(dateText));
    }
    return new ExportRequest(text, date, instant(body, "requested_at"), triggerId(body), trace(body));
  }

  /**
   * Accepts {@code 2025-03-17} (the seed's form) and {@code 20250317} (the seed scripts' form),
   * within BigQuery's DATE range 0001-01-01..9999-12-31.
   */
  public static LocalDate parseDate(String text) {
    LocalDate date;
    try {
      date = text.length() == 8
          ? LocalDate.parse(text, DateTimeFormatter.BASIC_ISO_DATE)
          : LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new RequestException(400, "date: must be a calendar date YYYY-MM-DD (got \"" + shorten(text) + "\")");
    }
    if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
      throw new RequestException(400, "date: must lie in BigQuery's DATE range 0001-01-01..9999-12-31 (got \""
          + shorten(text) + "\")");
    }
    return date;
  }

  /** The run date: the one asked for, else the UTC date the request was made, else {@code now}'s. */
  public LocalDate runDate(Instant now) {
    return date.orElseGet(() -> requestedAt.orElse(now).atOffset(ZoneOffset.UTC).toLocalDate());
  }

  /** The same request, stamped with when it was made unless it already says. */
  public ExportRequest requestedAtIfUnset(Instant at) {
    return requestedAt.isPresent() ? this : new ExportRequest(exportName, date, Optional.of(at), triggerId, trace);
  }

  public ExportRequest withTriggerId(String id) {
    return new ExportRequest(exportName, date, requestedAt, Optional.ofNullable(id).filter(s -> !s.isEmpty()), trace);
  }

  /** The same request in the Cloud Trace {@code trace} ({@code projects/P/traces/T}), when there is one. */
  public ExportRequest withTrace(Optional<String> trace) {
    return new ExportRequest(exportName, date, requestedAt, triggerId, trace);
  }

  public JsonObject toJson() {
    var json = new JsonObject().put("export_name", exportName);
    date.ifPresent(d -> json.put("date", d.toString()));
    requestedAt.ifPresent(t -> json.put("requested_at", t.toString()));
    triggerId.ifPresent(id -> json.put("trigger_id", id));
    trace.ifPresent(t -> json.put("trace", t));
    return json;
  }

  private static Optional<Instant> instant(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse((String) value));
    } catch (ClassCastException | DateTimeParseException e) {
      throw new RequestException(400, key + ": must be an RFC 3339 UTC time such as 2025-03-17T06:00:00Z");
    }
  }

  private static Optional<String> triggerId(JsonObject body) {
    Object value = body.getValue("trigger_id");
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String id) || !TRIGGER_ID.matcher(id).matches()) {
      throw new RequestException(400, "trigger_id: must be 1 to 200 printable ASCII characters");
    }
    return Optional.of(id);
  }

  private static Optional<String> trace(JsonObject body) {
    Object value = body.getValue("trace");
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String trace) || !TRACE.matcher(trace).matches()) {
      throw new RequestException(400, "trace: must be projects/PROJECT/traces/TRACE_ID (32 hex digits)");
    }
    return Optional.of(trace);
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
