package io.bqsftp.recovery;

import io.bqsftp.ledger.FileRecord;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.SealedFile;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.staging.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Uploads one staged file to the SFTP server and proves it is the file the run produced: the
 * bytes read from staging are counted and hashed on their way out and compared with the ledger's
 * size and SHA-256 before the upload is committed; the commit itself checks the server holds
 * exactly that many bytes before the rename. On any mismatch the temp file is removed, so the
 * final name never carries a wrong file.
 */
final class StagedUpload {
  private final Staging staging;

  StagedUpload(Staging staging) {
    this.staging = staging;
  }

  /** Thrown when the staged copy is not the file the ledger recorded: retrying cannot help. */
  static final class MismatchException extends IOException {
    MismatchException(String message) {
      super(message);
    }
  }

  /** Uploads and seals the staged copy under a temp name; the run's commit renames it. */
  SealedFile upload(RemoteFolder uploader, FileRecord file, String uri) throws IOException {
    RemoteFileUpload upload = uploader.open(file.fileName());
    try (InputStream in = staging.open(uri)) {
      MessageDigest sha256 = sha256();
      OutputStream out = upload.output();
      byte[] buffer = new byte[64 * 1024];
      long bytes = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
        bytes += n;
      }
      String hash = HexFormat.of().formatHex(sha256.digest());
      if (bytes != file.bytes() || !hash.equals(file.sha256())) {
        throw new MismatchException("staged copy " + uri + " (" + bytes + " bytes, sha256 " + hash
            + ") does not match the ledger (" + file.bytes() + " bytes, sha256 " + file.sha256() + ")");
      }
      SealedFile sealed = upload.seal();
      if (sealed.size() != file.bytes()) {
        throw new IOException("the server holds " + sealed.size() + " bytes of " + file.fileName() + ", expected "
            + file.bytes());
      }
      return sealed;
    } finally {
      upload.abort(); // removes the temp file unless sealed
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
