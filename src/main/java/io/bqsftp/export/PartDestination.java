package io.bqsftp.export;

import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.SftpUploader;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The export's folder on the SFTP server: where its files are written, listed and tidied. */
public interface PartDestination {

  /** Opens one file under a temporary name; it gets {@code fileName} on commit. */
  RemoteFileUpload open(String fileName) throws IOException;

  /** The names of the regular files in the folder. */
  List<String> fileNames() throws IOException;

  /** Removes a file of the folder; a missing one is not an error. */
  void delete(String fileName) throws IOException;

  /** Creates a file only if none of that name exists (atomically); false when it exists. */
  boolean createExclusive(String fileName, byte[] content) throws IOException;

  /** When a file of the folder was last modified; empty when there is none. */
  Optional<Instant> modified(String fileName) throws IOException;

  /** Sets a file's modification time. */
  void touch(String fileName, Instant time) throws IOException;

  static PartDestination of(SftpUploader uploader) {
    return new PartDestination() {
      @Override
      public RemoteFileUpload open(String fileName) throws IOException {
        return uploader.open(fileName);
      }

      @Override
      public List<String> fileNames() throws IOException {
        return uploader.list().stream().map(RemoteFileInfo::name).toList();
      }

      @Override
      public void delete(String fileName) throws IOException {
        uploader.delete(fileName);
      }

      @Override
      public boolean createExclusive(String fileName, byte[] content) throws IOException {
        return uploader.createExclusive(fileName, content);
      }

      @Override
      public Optional<Instant> modified(String fileName) throws IOException {
        return uploader.modified(fileName);
      }

      @Override
      public void touch(String fileName, Instant time) throws IOException {
        uploader.touch(fileName, time);
      }
    };
  }
}
