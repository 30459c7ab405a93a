package io.bqsftp.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.RemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file being written under a hidden temp name on one pooled connection, which it holds until
 * commit or abort. Not thread-safe: one writer at a time.
 */
final class SftpFileUpload implements RemoteFileUpload {
  private static final Logger LOG = LoggerFactory.getLogger(SftpFileUpload.class);

  private enum State { OPEN, SEALED, COMMITTED, ABORTED }

  private final SftpConnection connection;
  private final RemoteFile file;
  // Removes a temp file over a fresh connection when this upload's connection broke.
  private final Consumer<String> orphanRemover;
  private final String tempPath;
  private final String finalPath;
  private final PipelinedRemoteOutputStream stream;
  private State state = State.OPEN;
  private boolean fileClosed;
  private RenameMethod renameMethod;

  SftpFileUpload(SftpConnection connection, RemoteFile file, String tempPath, String finalPath,
      int writesInFlight, Consumer<String> orphanRemover) {
    this.connection = connection;
    this.orphanRemover = orphanRemover;
    this.file = file;
    this.tempPath = tempPath;
    this.finalPath = finalPath;
    int maxPacket = connection.sftp().getSFTPEngine().getSubsystem().getRemoteMaxPacketSize();
    this.stream = new PipelinedRemoteOutputStream(file, writesInFlight, maxPacket);
  }

  @Override
  public OutputStream output() {
    return stream;
  }

  @Override
  public String finalPath() {
    return finalPath;
  }

  String tempPath() {
    return tempPath;
  }

  /** How commit replaced the final file; null before commit. */
  RenameMethod renameMethod() {
    return renameMethod;
  }

  @Override
  public SealedFile seal() throws IOException {
    long written = verifyOnServer();
    state = State.SEALED;
    connection.close();
    LOG.debug("sealed {} as {} ({} bytes)", finalPath, tempPath, written);
    return new SealedFile(RemoteNames.baseName(tempPath), RemoteNames.baseName(finalPath), written);
  }

  @Override
  public long commit() throws IOException {
    long written = verifyOnServer();
    try {
      renameMethod = RenameMethod.replace(connection, tempPath, finalPath);
    } catch (IOException e) {
      fail();
      throw new IOException("cannot commit " + finalPath + " (rename from " + tempPath + "): "
          + e.getMessage(), e);
    }
    state = State.COMMITTED;
    connection.close();
    LOG.debug("committed {} ({} bytes, {})", finalPath, written, renameMethod);
    return written;
  }

  /** Drains and closes the file and checks its size on the server; aborts on any failure. */
  private long verifyOnServer() throws IOException {
    if (state != State.OPEN) {
      throw new IllegalStateException("upload of " + finalPath + " is already "
          + state.name().toLowerCase());
    }
    long written = stream.bytesWritten();
    try {
      stream.drain();
      stream.markClosed();
      fileClosed = true; // even if close fails, the handle is gone or the connection is
      file.close();
    } catch (IOException e) {
      fail();
      throw new IOException("upload of " + finalPath + " failed after " + written
          + " bytes: " + e.getMessage(), e);
    }
    FileAttributes attributes;
    try {
      attributes = connection.sftp().stat(tempPath);
    } catch (IOException e) {
      fail();
      throw new IOException("cannot check the size of " + tempPath + ": " + e.getMessage(), e);
    }
    if (attributes.getSize() != written) {
      fail();
      throw new IOException("upload of " + finalPath + " is incomplete: the server holds "
          + attributes.getSize() + " bytes of " + tempPath + " but " + written + " were written");
    }
    return written;
  }

  @Override
  public void abort() {
    if (state == State.OPEN) {
      fail();
    }
  }

  /** Removes the temp file quietly and gives the connection back (or discards it if suspect). */
  private void fail() {
    state = State.ABORTED;
    stream.markClosed();
    IOException writeFailure = stream.failure();
    if (writeFailure != null && !SftpFailures.isServerStatus(writeFailure)) {
      connection.markBroken();
    }
    boolean removed = false;
    try {
      if (connection.isHealthy()) {
        if (!fileClosed) {
          fileClosed = true;
          file.close();
        }
        connection.sftp().rm(tempPath);
        removed = true;
      }
    } catch (IOException | RuntimeException e) {
      if (!SftpFailures.isServerStatus(e)) {
        connection.markBroken();
      }
      LOG.debug("could not remove temp file {} after a failed upload", tempPath, e);
    } finally {
      connection.close();
    }
    if (!removed) {
      orphanRemover.accept(tempPath);
    }
  }
}
