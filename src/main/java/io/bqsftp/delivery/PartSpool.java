package io.bqsftp.delivery;

import io.bqsftp.sftp.RemoteFileUpload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compressed bytes of one part on their way out: counted, hashed (SHA-256 of exactly what is
 * sent), copied to a local spool file and, while it works, streamed to the live SFTP upload. Rows
 * stream through once, so the spool is what lets a failed upload be sent again without BigQuery.
 * When the live upload fails, the part keeps spooling and the failure is kept for the delivery.
 * One writer at a time.
 */
final class PartSpool extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(PartSpool.class);

  private final Path file;
  private final OutputStream spool;
  private final MessageDigest sha256;
  private RemoteFileUpload live;
  private Exception liveFailure;
  private long bytes;
  private boolean closed;

  /** @param live the upload opened for this part, or null when opening it failed ({@code openFailure}) */
  PartSpool(Path directory, String fileName, RemoteFileUpload live, Exception openFailure) throws IOException {
    Files.createDirectories(directory);
    this.file = Files.createTempFile(directory, "bqsftp-spool-", "-" + fileName);
    this.spool = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024);
    this.live = live;
    this.liveFailure = openFailure;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    spool.write(b, off, len);
    sha256.update(b, off, len);
    bytes += len;
    if (live != null) {
      try {
        live.output().write(b, off, len);
      } catch (IOException | RuntimeException e) {
        dropLive(e);
      }
    }
  }

  @Override
  public void flush() throws IOException {
    spool.flush();
    if (live != null) {
      try {
        live.output().flush();
      } catch (IOException | RuntimeException e) {
        dropLive(e);
      }
    }
  }

  /** Ends the spool file (the live upload stays open for its commit). Returns what was sent. */
  Spooled finish() throws IOException {
    if (!closed) {
      closed = true;
      spool.close();
    }
    return new Spooled(file, bytes, HexFormat.of().formatHex(sha256.digest()), live, liveFailure);
  }

  /** Abandons the part: the live upload is aborted (no name is left behind) and the spool deleted. */
  void discard() {
    if (live != null) {
      live.abort();
      live = null;
    }
    try {
      if (!closed) {
        closed = true;
        spool.close();
      }
    } catch (IOException e) {
      LOG.debug("closing spool {} failed", file, e);
    }
    deleteQuietly(file);
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete spool file {}: {}", file, e.toString());
    }
  }

  private void dropLive(Exception e) {
    LOG.info("upload of {} failed while streaming, continuing into the spool: {}", live.finalPath(), e.toString());
    liveFailure = e;
    live.abort();
    live = null;
  }

  /**
   * A spooled part: its file, size and SHA-256, and the live upload if it is still healthy
   * (otherwise why it failed).
   */
  record Spooled(Path file, long bytes, String sha256, RemoteFileUpload live, Exception liveFailure) {}
}
