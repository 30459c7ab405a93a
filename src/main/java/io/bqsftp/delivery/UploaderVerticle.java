package io.bqsftp.delivery;

import io.bqsftp.bus.BusMessages;
import io.bqsftp.sftp.RemoteFileUpload;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the SFTP uploader pool: a worker verticle consuming {@link PartUploadMessage}s at
 * its own address. For each part it is given it holds the live upload (and with it one pooled
 * connection of the part's destination) from open to seal, writes the bytes into the spool and
 * the upload as they come, and seals through {@link PartDelivery}. Messages are handled one at a
 * time, in the order sent; blocking SFTP calls are expected here (worker threading model).
 */
final class UploaderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UploaderVerticle.class);

  private final String address;
  private final Map<String, Uploading> parts = new HashMap<>();
  private MessageConsumer<PartUploadMessage> consumer;

  private record Uploading(String name, PartSpool spool, PartDelivery delivery) {}

  UploaderVerticle(String address) {
    this.address = address;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(address, message -> BusMessages.inContext(message, () -> handle(message)));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    // Undeployed with parts still open (the engine is closing): nothing of them may keep a name.
    parts.values().forEach(p -> p.spool().discard());
    parts.clear();
    return consumer.unregister();
  }

  private void handle(Message<PartUploadMessage> message) {
    PartUploadMessage body = message.body();
    try {
      if (body instanceof PartUploadMessage.Bytes bytes) {
        write(bytes);
        message.reply(null, BusMessages.options());
      } else if (body instanceof PartUploadMessage.Open open) {
        open(open);
        message.reply(null, BusMessages.options());
      } else if (body instanceof PartUploadMessage.Seal seal) {
        message.reply(seal(seal), BusMessages.options());
      } else if (body instanceof PartUploadMessage.Abort abort) {
        Uploading part = parts.remove(abort.partId());
        if (part != null) {
          part.spool().discard();
        }
        message.reply(null, BusMessages.options());
      } else if (body instanceof PartUploadMessage.DiscardSealed discard) {
        discardSealed(discard);
        message.reply(null, BusMessages.options());
      }
    } catch (IOException | RuntimeException e) {
      message.fail(500, PartDelivery.text(e));
    }
  }

  private void open(PartUploadMessage.Open open) throws IOException {
    RemoteFileUpload upload = null;
    Exception openFailure = null;
    try {
      upload = open.destination().open(open.name());
    } catch (IOException | RuntimeException e) {
      // The part is still produced into the spool; delivery retries it when it is complete.
      LOG.info("cannot start the upload of {}, spooling it for a retry: {}", open.name(), e.toString());
      openFailure = e;
    }
    try {
      parts.put(open.partId(), new Uploading(open.name(),
          new PartSpool(open.spoolDirectory(), open.name(), upload, openFailure), open.delivery()));
    } catch (IOException | RuntimeException e) {
      if (upload != null) {
        upload.abort();
      }
      throw new IOException("cannot create a spool file in " + open.spoolDirectory() + ": " + e.getMessage(), e);
    }
  }

  private void write(PartUploadMessage.Bytes bytes) throws IOException {
    Uploading part = open(bytes.partId());
    try {
      part.spool().write(bytes.bytes(), 0, bytes.length());
    } catch (IOException | RuntimeException e) {
      parts.remove(bytes.partId());
      part.spool().discard();
      throw new IOException("cannot write the spool file of " + part.name() + ": " + e.getMessage(), e);
    }
  }

  private PartOutcome seal(PartUploadMessage.Seal seal) throws IOException {
    Uploading part = open(seal.partId());
    parts.remove(seal.partId());
    PartSpool.Spooled spooled;
    try {
      // Closes the spool file; the live upload is drained when delivery seals it.
      spooled = part.spool().finish();
    } catch (IOException | RuntimeException e) {
      part.spool().discard();
      throw e;
    }
    return part.delivery().deliver(part.name(), seal.rows(), seal.csvBytes(), spooled);
  }

  private void discardSealed(PartUploadMessage.DiscardSealed discard) {
    try {
      discard.destination().delete(discard.tempName());
    } catch (IOException | RuntimeException e) {
      LOG.info("temp file {} stays until the next run: {}", discard.tempName(), e.getMessage());
    }
  }

  private Uploading open(String partId) throws IOException {
    Uploading part = parts.get(partId);
    if (part == null) {
      throw new IOException("part " + partId + " is not open on " + address + " (it failed or was aborted)");
    }
    return part;
  }
}
