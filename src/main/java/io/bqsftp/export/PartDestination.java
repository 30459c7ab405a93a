package io.bqsftp.export;

import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.SftpUploader;
import java.io.IOException;
import java.util.List;

/** The export's folder on the SFTP server: where its files are written, listed and tidied. */
public interface PartDestination {

  /** Opens one file under a temporary name; it gets {@code fileName} on commit. */
  RemoteFileUpload open(String fileName) throws IOException;

  /** The names of the regular files in the folder. */
  List<String> fileNames() throws IOException;

  /** Removes a file of the folder; a missing one is not an error. */
  void delete(String fileName) throws IOException;

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
    };
  }
}
