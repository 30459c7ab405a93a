package io.bqsftp.trigger;

import io.bqsftp.export.ExportRequest;
import io.bqsftp.export.RequestException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * Reads the two bodies the seed accepts on {@code POST /}: the direct request
 * {@code {"export_name": ..., "date": ...}} and a Pub/Sub push envelope whose
 * {@code message.data} holds that request base64-encoded.
 */
public final class TriggerBodies {
  private TriggerBodies() {}

  public static ExportRequest parse(Buffer body) {
    JsonObject json = object(body == null ? "" : body.toString(), "body");
    if (json.getValue("message") instanceof JsonObject envelope) {
      return fromPushMessage(envelope);
    }
    return ExportRequest.fromJson(json);
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
    return fromMessageData(decoded);
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
