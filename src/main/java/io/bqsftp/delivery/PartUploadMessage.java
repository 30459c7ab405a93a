package io.bqsftp.delivery;

import java.nio.file.Path;

/**
 * What a {@link PartWriter} sends to an uploader instance ({@link UploaderVerticle}) about one
 * part, in this order and all to the same instance: {@link Open}, any number of {@link Bytes},
 * then {@link Seal} (or {@link Abort}). Bodies travel by reference ({@code bus.LocalCodec}); a
 * sender never touches a body again once sent. Protocol: docs/event-bus.md, "Uploader pool".
 */
public sealed interface PartUploadMessage {

  /** Which part of which writer: unique within the process. */
  String partId();

  /**
   * Starts the part: its spool file under {@code spoolDirectory} and its live upload to
   * {@code destination} under a hidden temp name. {@code delivery} seals it later. Reply: empty
   * once both are there (an upload that cannot start is no failure: the part spools for a resend);
   * a failure only when the spool file cannot be created.
   */
  record Open(String partId, String name, PartDestination destination, Path spoolDirectory, PartDelivery delivery)
      implements PartUploadMessage {}

  /**
   * The next {@code length} compressed (and maybe encrypted) bytes of the part. Reply: empty once
   * they are in the spool and handed to the live upload (the credit); a failure when the spool
   * cannot be written.
   */
  record Bytes(String partId, byte[] bytes, int length) implements PartUploadMessage {}

  /**
   * Ends the part ({@code rows} rows, {@code csvBytes} bytes of text before compression): seal the
   * live upload, else resend from the spool with backoff, else stage. Reply: the {@link PartOutcome}.
   */
  record Seal(String partId, long rows, long csvBytes) implements PartUploadMessage {}

  /** Drops the part: the live upload is aborted (its temp file removed) and the spool deleted. Reply: empty. */
  record Abort(String partId) implements PartUploadMessage {}

  /**
   * Removes the sealed temp file {@code tempName} of a part whose writer was aborted while its
   * seal was under way (it can never be committed). Reply: empty.
   */
  record DiscardSealed(String partId, PartDestination destination, String tempName) implements PartUploadMessage {}

  /** Every body type of the protocol, for codec registration. */
  static java.util.List<Class<?>> bodyTypes() {
    return java.util.List.of(Open.class, Bytes.class, Seal.class, Abort.class, DiscardSealed.class, PartOutcome.class);
  }
}
