package io.bqsftp.staging;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * Staging in a local folder (demo, and services without {@code gcs.bucket}). A staged file is
 * copied under a temp name, synced and renamed, so a crash never leaves a half file under the
 * name the ledger points at.
 */
public final class LocalStaging implements Staging {
  private final Path root;

  public LocalStaging(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public String stage(String exportName, LocalDate runDate, String fileName, Path source)
      throws IOException {
    Path target = root.resolve(Staging.objectName(exportName, runDate, fileName)).normalize();
    requireInside(target);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + fileName + ".staging");
    Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target.toUri().toString();
  }

  @Override
  public InputStream open(String uri) throws IOException {
    return Files.newInputStream(pathOf(uri));
  }

  @Override
  public void delete(String uri) throws IOException {
    Files.deleteIfExists(pathOf(uri));
  }

  @Override
  public boolean exists(String uri) throws IOException {
    return Files.isRegularFile(pathOf(uri));
  }

  /** Only URIs inside this staging root are accepted: a ledger line cannot point elsewhere. */
  private Path pathOf(String uri) throws IOException {
    Path path;
    try {
      path = Path.of(URI.create(uri)).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new IOException("not a local staging URI: " + uri);
    }
    requireInside(path);
    return path;
  }

  private void requireInside(Path path) throws IOException {
    if (!path.startsWith(root)) {
      throw new IOException(path + " lies outside the staging directory " + root);
    }
  }
}
