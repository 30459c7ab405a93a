package io.bqsftp.contract;

import com.google.api.gax.rpc.ApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;

/**
 * Why a run failed, in words safe to show a caller: the stage that failed and the cause's message,
 * never a stack trace.
 */
public record RunFailure(Stage stage, String message) {

  /** Where it failed: upstream services (BigQuery, SFTP) or this service itself. */
  public enum Stage {
    BIGQUERY("bigquery"),
    SFTP("sftp"),
    /** The same export and date is being written by another replica. */
    CONFLICT("conflict"),
    /** BigQuery rejected what the export's configuration asks for (columns, row_filter): HTTP 400. */
    CONFIG("config"),
    /** Files of the export and date are already in the folder and its if_exists is fail: HTTP 409. */
    EXISTS("exists"),
    INTERNAL("internal");

    private final String text;

    Stage(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * An exception that knows which stage it stands for (a lock held elsewhere, files that exist),
   * so the packages that throw it need not be known here.
   */
  public interface Classified {
    Stage stage();
  }

  /** A failure of BigQuery or the SFTP server (HTTP 502) rather than of this service (500). */
  public boolean upstream() {
    return stage == Stage.BIGQUERY || stage == Stage.SFTP;
  }

  public static RunFailure of(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof Classified classified) {
      return new RunFailure(classified.stage(), text(cause));
    }
    if (cause instanceof ApiException || cause instanceof StatusRuntimeException) {
      return new RunFailure(Stage.BIGQUERY, "BigQuery read failed: " + grpcText(cause));
    }
    if (cause instanceof IOException) {
      return new RunFailure(Stage.SFTP, "SFTP upload failed: " + text(cause));
    }
    return new RunFailure(Stage.INTERNAL, text(cause));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException
            || (t instanceof RuntimeException && t.getClass() == RuntimeException.class))
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** "NOT_FOUND: Not found: Table x" rather than the wrapped exceptions' class names. */
  private static String grpcText(Throwable t) {
    Status status = Status.fromThrowable(t);
    String description = status.getDescription();
    return description == null ? status.getCode() + "" : status.getCode() + ": " + description;
  }

  private static String text(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
