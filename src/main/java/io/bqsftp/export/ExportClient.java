package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.ExportResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The event-bus contract for requesting a run, shared by HTTP, CLI, demo and sibling verticles.
 * Send {@link ExportRequest#toJson()} to {@link ExportCoordinator#ADDRESS}; the reply body is
 * {@link ExportResult#toJson()}; a failure is a {@link ReplyException} whose code is an HTTP status
 * (400, 404, 500, 502, 503) and whose message is a JSON object with at least {@code error}.
 */
public final class ExportClient {
  /** Exports of large tables run for hours: the default 30 s event-bus timeout would cut them. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  private final Vertx vertx;
  private final Duration timeout;

  public ExportClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT);
  }

  public ExportClient(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  public Future<JsonObject> run(ExportRequest request) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            ExportCoordinator.ADDRESS,
            request.toJson(),
            new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(message -> message.body());
  }

  /**
   * Starts a run (or joins the one running for the same export and date) without waiting for it:
   * the reply is {@code {"run_id", "export_name", "date", "status": "running", "started_at",
   * "joined"}}; follow it with {@code GET /runs/{run_id}} or the events on
   * {@link ExportCoordinator#EVENTS_ADDRESS}.
   */
  public Future<JsonObject> start(ExportRequest request) {
    return vertx
        .eventBus()
        .<JsonObject>request(ExportCoordinator.START_ADDRESS, request.toJson())
        .map(message -> message.body());
  }

  /** The JSON body of a failed reply (always an object with {@code error}). */
  public static JsonObject failureBody(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.getMessage() != null) {
      try {
        return new JsonObject(reply.getMessage());
      } catch (RuntimeException notJson) {
        return new JsonObject().put("error", reply.getMessage());
      }
    }
    return new JsonObject().put("error", failure.getClass().getSimpleName());
  }

  /** The HTTP status a failed reply stands for. */
  public static int failureStatus(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> reply.failureCode() >= 400 ? reply.failureCode() : 500;
        case TIMEOUT -> 504;
        case NO_HANDLERS -> 503;
        default -> 500;
      };
    }
    return 500;
  }
}
