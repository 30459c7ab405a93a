package io.bqsftp.staging;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * Staging in a GCS bucket: {@code gs://{bucket}/{export_name}/{YYYYMMDD}/{file}}. The only use of
 * GCS in the service. An object appears only when its upload completed, so a staged object is
 * always whole.
 */
public final class GcsStaging implements Staging {
  private static final int CHUNK = 1 << 20;

  private final Storage storage;
  private final String bucket;

  public GcsStaging(Storage storage, String bucket) {
    this.storage = storage;
    this.bucket = bucket;
  }

  @Override
  public String stage(String exportName, LocalDate runDate, String fileName, Path source)
      throws IOException {
    BlobId id = BlobId.of(bucket, Staging.objectName(exportName, runDate, fileName));
    BlobInfo info = BlobInfo.newBuilder(id).setContentType("application/octet-stream").build();
    try (WriteChannel writer = storage.writer(info);
        FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      while (in.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          writer.write(buffer);
        }
        buffer.clear();
      }
    } catch (StorageException e) {
      throw new IOException("cannot stage " + fileName + " to gs://" + bucket + ": " + e.getMessage(), e);
    }
    return "gs://" + bucket + "/" + id.getName();
  }

  @Override
  public InputStream open(String uri) throws IOException {
    BlobId id = idOf(uri);
    try {
      if (storage.get(id) == null) {
        throw new IOException(uri + " does not exist");
      }
      ReadChannel reader = storage.reader(id);
      return Channels.newInputStream(reader);
    } catch (StorageException e) {
      throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String uri) throws IOException {
    try {
      storage.delete(idOf(uri));
    } catch (StorageException e) {
      throw new IOException("cannot delete " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String uri) throws IOException {
    try {
      return storage.get(idOf(uri)) != null;
    } catch (StorageException e) {
      throw new IOException("cannot look up " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Only objects of this bucket are accepted: a ledger row cannot point elsewhere. */
  private BlobId idOf(String uri) throws IOException {
    String prefix = "gs://" + bucket + "/";
    if (uri == null || !uri.startsWith(prefix) || uri.length() == prefix.length()) {
      throw new IOException("not a staging object of bucket " + bucket + ": " + uri);
    }
    return BlobId.of(bucket, uri.substring(prefix.length()));
  }
}
