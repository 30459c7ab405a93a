package io.bqsftp.delivery;

import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.SftpUploader;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An export's folder through an {@link SftpUploader}; closing it runs {@code onClose} (its own pool, if any). */
public final class SftpFolder implements RunLock.LockFolder {
  private final SftpUploader uploader;
  private final Runnable onClose;

  SftpFolder(SftpUploader uploader, Runnable onClose) {
    this.uploader = uploader;
    this.onClose = onClose;
  }

  /** The full remote path of a file of the folder. */
  public String path(String fileName) {
    String dir = uploader.directory();
    return dir.endsWith("/") ? dir + fileName : dir + "/" + fileName;
  }

  @Override
  public RemoteFileUpload open(String fileName) throws IOException {
    return uploader.open(fileName);
  }

  @Override
  public List<RemoteFileInfo> files() throws IOException {
    return uploader.list();
  }

  @Override
  public void delete(String fileName) throws IOException {
    uploader.delete(fileName);
  }

  @Override
  public boolean rename(String from, String to) throws IOException {
    return uploader.rename(from, to);
  }

  @Override
  public boolean createExclusive(String fileName, byte[] content) throws IOException {
    return uploader.createExclusive(fileName, content);
  }

  @Override
  public Optional<byte[]> read(String fileName, int maxBytes) throws IOException {
    return uploader.read(fileName, maxBytes);
  }

  @Override
  public boolean overwrite(String fileName, byte[] content) throws IOException {
    return uploader.overwrite(fileName, content);
  }

  @Override
  public void writeReplacing(String fileName, byte[] content) throws IOException {
    uploader.writeReplacing(fileName, content);
  }

  @Override
  public Optional<Instant> modified(String fileName) throws IOException {
    return uploader.modified(fileName);
  }

  @Override
  public void close() {
    onClose.run();
  }
}
