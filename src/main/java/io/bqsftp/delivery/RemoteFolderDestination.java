package io.bqsftp.delivery;

import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.RemoteFolder;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A {@link RemoteFolder} as the run's {@link PartDestination}; closing it runs {@code onClose} (closes its own pool, if any). */
public final class RemoteFolderDestination implements RunLock.LockFolder {
  private final RemoteFolder folder;
  private final Runnable onClose;

  RemoteFolderDestination(RemoteFolder folder, Runnable onClose) {
    this.folder = folder;
    this.onClose = onClose;
  }

  /** The full remote path of a file of the folder. */
  public String path(String fileName) {
    String dir = folder.directory();
    return dir.endsWith("/") ? dir + fileName : dir + "/" + fileName;
  }

  @Override
  public RemoteFileUpload open(String fileName) throws IOException {
    return folder.open(fileName);
  }

  @Override
  public List<RemoteFileInfo> files() throws IOException {
    return folder.list();
  }

  @Override
  public void delete(String fileName) throws IOException {
    folder.delete(fileName);
  }

  @Override
  public boolean rename(String from, String to) throws IOException {
    return folder.rename(from, to);
  }

  @Override
  public boolean createExclusive(String fileName, byte[] content) throws IOException {
    return folder.createExclusive(fileName, content);
  }

  @Override
  public Optional<byte[]> read(String fileName, int maxBytes) throws IOException {
    return folder.read(fileName, maxBytes);
  }

  @Override
  public boolean overwrite(String fileName, byte[] content) throws IOException {
    return folder.overwrite(fileName, content);
  }

  @Override
  public void writeReplacing(String fileName, byte[] content) throws IOException {
    folder.writeReplacing(fileName, content);
  }

  @Override
  public Optional<Instant> modified(String fileName) throws IOException {
    return folder.modified(fileName);
  }

  @Override
  public void close() {
    onClose.run();
  }
}
