package io.bqsftp.trigger;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.RequestException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Reads the two bodies the seed accepts on {@code POST /}: the direct request
 * {@code {"export_name": ..., "date": ...}} and a Pub/Sub push envelope whose
 * {@code message.data} holds that request base64-encoded.
 *
 * <p>When the request was made: a push envelope's {@code message.publishTime} (its
 * {@code message.messageId} is the trigger id), else the body's own {@code requested_at}, else the
 * scheduler's schedule time ({@code X-CloudScheduler-ScheduleTime}), else the request's arrival.
 */
public final class TriggerBodies {
  /** Cloud Scheduler sends the time the job was scheduled for (RFC 3339) with every request. */
  public static final String SCHEDULE_TIME_HEADER = "X-CloudScheduler-ScheduleTime";

  private TriggerBodies() {}

  public static ExportRequest parse(Buffer body) {
    JsonObject json = object(body == null ? "" : body.toString(), "body");
    if (json.getValue("message") instanceof JsonObject envelope) {
      return fromPushMessage(envelope);
    }
    return ExportRequest.fromJson(json);
  }

  /**
   * {@link #parse(Buffer)}, with when the request was made filled in.
   *
   * @param scheduleTime the {@value #SCHEDULE_TIME_HEADER} header, or null
   * @param arrival when the HTTP request arrived
   */
  public static ExportRequest parse(Buffer body, String scheduleTime, Instant arrival) {
    ExportRequest request = parse(body);
    if (scheduleTime != null && !scheduleTime.isBlank()) {
      try {
        request = request.requestedAtIfUnset(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(scheduleTime.strip())));
      } catch (DateTimeException e) {
        throw new RequestException(400, SCHEDULE_TIME_HEADER + ": must be an RFC 3339 time");
      }
    }
    return request.requestedAtIfUnset(arrival);
  }

  /** The data of a Pub/Sub message: the seed's request body as JSON text. */
  public static ExportRequest fromMessageData(byte[] data) {
    return ExportRequest.fromJson(object(new String(data, java.nio.charset.StandardCharsets.UTF_8), "message.data"));
  }

  private static ExportRequest fromPushMessage(JsonObject message) {
    if (!(message.getValue("data") instanceof String data)) {
      throw new RequestException(400, "message.data: is required in a Pub/Sub push envelope");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new RequestException(400, "message.data: must be base64");
    }
    ExportRequest request = fromMessageData(decoded);
    if (message.getValue("publishTime") instanceof String published) {
      try {
        request = request.requestedAtIfUnset(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(published)));
      } catch (DateTimeException e) {
        throw new RequestException(400, "message.publishTime: must be an RFC 3339 time");
      }
    }
    if (message.getValue("messageId") instanceof String id && !id.isBlank()) {
      request = request.withTriggerId(id);
    }
    return request;
  }

  private static JsonObject object(String text, String what) {
    if (text.isBlank()) {
      throw new RequestException(400, what + ": must be a JSON object with export_name");
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      if (value instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException e) {
      throw new RequestException(400, what + ": is not valid JSON");
    }
    throw new RequestException(400, what + ": must be a JSON object with export_name");
  }
}
