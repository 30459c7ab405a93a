package io.bqsftp.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A failed reply that keeps the original exception: local replies pass it by reference, so the
 * requester can tell a BigQuery error from an SFTP one ({@link #cause}) where {@link Message#fail}
 * would leave only a code and a message.
 */
public final class FailureReply extends ReplyException {
  private static final int STATUS = 500;

  private FailureReply(Throwable cause) {
    super(ReplyFailure.RECIPIENT_FAILURE, STATUS, String.valueOf(cause.getMessage()), cause, true);
  }

  /** Answers {@code message} with a failure carrying {@code cause}. */
  public static void fail(Message<?> message, Throwable cause) {
    // A stage passing on a failure it was answered with sends the original, not a wrapper of it.
    message.reply(new FailureReply(cause(cause)), BusMessages.options());
  }

  /** The exception behind a failed request: the one the recipient failed with, when it sent one. */
  public static Throwable cause(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof FailureReply reply && reply.getCause() != null) {
      cause = reply.getCause();
    }
    return cause;
  }
}
