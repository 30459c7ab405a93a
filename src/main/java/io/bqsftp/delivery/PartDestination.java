package io.bqsftp.delivery;

import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.RemoteFolder;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The export's folder on the SFTP server: where its files are written, listed, renamed and tidied. */
public interface PartDestination {

  /** Opens one file under a temporary name; see {@link RemoteFileUpload#seal()}. */
  RemoteFileUpload open(String fileName) throws IOException;

  /** The regular files in the folder (hidden ones included). */
  List<RemoteFileInfo> files() throws IOException;

  /** The names of the regular files in the folder. */
  default List<String> fileNames() throws IOException {
    return files().stream().map(RemoteFileInfo::name).toList();
  }

  /** Removes a file of the folder; a missing one is not an error. */
  void delete(String fileName) throws IOException;

  /** Renames {@code from} over {@code to}; false when {@code from} does not exist. */
  boolean rename(String from, String to) throws IOException;

  /** Creates a file only if none of that name exists (atomically); false when it exists. */
  boolean createExclusive(String fileName, byte[] content) throws IOException;

  /** A small file's content; empty when there is none. */
  Optional<byte[]> read(String fileName, int maxBytes) throws IOException;

  /** Writes at the start of an existing file in one request; false when it does not exist. */
  boolean overwrite(String fileName, byte[] content) throws IOException;

  /** Replaces a small file's content atomically (temp name, then rename). */
  void writeReplacing(String fileName, byte[] content) throws IOException;

  /** When a file of the folder was last modified (server clock); empty when there is none. */
  Optional<Instant> modified(String fileName) throws IOException;

  static PartDestination of(RemoteFolder folder) {
    return new RemoteFolderDestination(folder, () -> {});
  }
}
