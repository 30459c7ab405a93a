package io.bqsftp.sftp;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RemoteResourceInfo;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote directory on the SFTP server, over a connection pool: uploads (each file is written
 * under a hidden temp name and renamed to its final name only after its size was verified, see
 * {@link RemoteFileUpload}), listing, renames, small reads and writes, deletes. Thread-safe; each
 * open upload holds one pooled connection until commit or abort.
 */
public final class RemoteFolder {
  /** See {@link RemoteNames#hiddenNameOfTemp}: what a hidden upload temp name stands for, or null. */
  public static String hiddenNameOfTemp(String name) {
    return RemoteNames.hiddenNameOfTemp(name);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RemoteFolder.class);

  private final SftpConnectionPool pool;
  private final String directory;
  private volatile boolean directoryReady;

  /**
   * @param directory the remote target directory (absolute); created with its parents when
   *     missing
   */
  public RemoteFolder(SftpConnectionPool pool, String directory) {
    this.pool = pool;
    this.directory = RemoteNames.normalizeDirectory(directory);
  }

  public String directory() {
    return directory;
  }

  /**
   * Starts the upload of {@code fileName} into the target directory.
   *
   * @throws IllegalArgumentException when the name is not a plain file name
   */
  public RemoteFileUpload open(String fileName) throws IOException {
    RemoteNames.requirePlainName(fileName);
    String finalPath = RemoteNames.join(directory, fileName);
    String tempPath = RemoteNames.join(directory, RemoteNames.tempNameFor(fileName));
    int writesInFlight = Math.max(1, pool.config().writesInFlight());
    // A pooled connection may have died while idle: one retry on a fresh connection.
    for (int attempt = 1; ; attempt++) {
      SftpConnection connection = pool.acquire();
      try {
        ensureDirectory(connection.sftp());
        RemoteFile file = connection.sftp().open(tempPath,
            EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL));
        return new SftpFileUpload(connection, file, tempPath, finalPath, writesInFlight, this::removeOrphan);
      } catch (IOException | RuntimeException e) {
        boolean serverRefused = SftpFailures.isServerStatus(e);
        if (!serverRefused) {
          connection.markBroken();
        }
        if (SftpFailures.isNoSuchFile(e)) {
          directoryReady = false; // removed since it was made: the next upload makes it again
        }
        connection.close();
        if (serverRefused || attempt >= 2 || e instanceof RuntimeException) {
          throw new IOException("cannot create " + tempPath + " on SFTP server: " + e.getMessage(),
              e);
        }
        LOG.info("SFTP connection failed while opening {}, retrying on a new one: {}", tempPath,
            e.toString());
      }
    }
  }

  /**
   * The regular files in {@code remoteDirectory} (absolute, or relative to the target directory),
   * sorted by name; temp files of uploads in progress are included (they start with '.'). A
   * directory that does not exist yet is empty.
   */
  public List<RemoteFileInfo> list(String remoteDirectory) throws IOException {
    String path = resolve(remoteDirectory);
    try (SftpConnection connection = pool.acquire()) {
      List<RemoteFileInfo> files = new ArrayList<>();
      try {
        for (RemoteResourceInfo entry : connection.sftp().ls(path)) {
          FileAttributes a = entry.getAttributes();
          if (a.getType() == FileMode.Type.REGULAR) {
            files.add(new RemoteFileInfo(entry.getName(), a.getSize(),
                Instant.ofEpochSecond(a.getMtime())));
          }
        }
      } catch (IOException e) {
        if (SftpFailures.isNoSuchFile(e)) {
          return List.of(); // not created yet: the first upload creates it
        }
        markIfBroken(connection, e);
        throw new IOException("cannot list " + path + " on SFTP server: " + e.getMessage(), e);
      }
      files.sort(Comparator.comparing(RemoteFileInfo::name));
      return files;
    }
  }

  /** Lists the target directory. */
  public List<RemoteFileInfo> list() throws IOException {
    return list(directory);
  }

  /** Best effort: a temp file left by a broken connection is removed over a fresh one. */
  private void removeOrphan(String tempPath) {
    try {
      delete(tempPath);
    } catch (IOException | RuntimeException e) {
      LOG.info("temp file {} stays on the server (hidden, never renamed): {}", tempPath, e.getMessage());
    }
  }

  /**
   * Creates {@code fileName} in the target directory only if no file of that name exists (an
   * exclusive create, atomic on the server) and writes {@code content} into it. Returns false
   * when the file already exists. A server that refuses the write still holds the created file,
   * empty: callers that need the content read it back.
   */
  public boolean createExclusive(String fileName, byte[] content) throws IOException {
    RemoteNames.requirePlainName(fileName);
    String path = RemoteNames.join(directory, fileName);
    try (SftpConnection connection = pool.acquire()) {
      RemoteFile file;
      try {
        ensureDirectory(connection.sftp());
        file = connection.sftp().open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL));
      } catch (IOException e) {
        if (SftpFailures.isServerStatus(e) && connection.sftp().statExistence(path) != null) {
          return false;
        }
        markIfBroken(connection, e);
        throw new IOException("cannot create " + path + " on SFTP server: " + e.getMessage(), e);
      }
      try (file) {
        file.write(0, content, 0, content.length);
      } catch (IOException e) {
        if (!SftpFailures.isServerStatus(e)) {
          markIfBroken(connection, e);
          throw new IOException("cannot write " + path + " on SFTP server: " + e.getMessage(), e);
        }
        LOG.debug("server refused writing {}; the file itself was created", path, e);
      }
      return true;
    }
  }

  /**
   * Renames {@code from} to {@code to} in the target directory, replacing {@code to} (atomically
   * where the server offers posix-rename). Returns false when {@code from} does not exist.
   */
  public boolean rename(String from, String to) throws IOException {
    String source = RemoteNames.join(directory, RemoteNames.requirePlainName(from));
    String target = RemoteNames.join(directory, RemoteNames.requirePlainName(to));
    try (SftpConnection connection = pool.acquire()) {
      try {
        RenameMethod.replace(connection, source, target);
        return true;
      } catch (IOException e) {
        if (SftpFailures.isNoSuchFile(e) && connection.sftp().statExistence(source) == null) {
          return false;
        }
        markIfBroken(connection, e);
        throw new IOException("cannot rename " + source + " to " + target + " on SFTP server: " + e.getMessage(), e);
      }
    }
  }

  /** The content of a small file of the target directory (at most {@code maxBytes}); empty if missing. */
  public Optional<byte[]> read(String fileName, int maxBytes) throws IOException {
    String path = RemoteNames.join(directory, RemoteNames.requirePlainName(fileName));
    try (SftpConnection connection = pool.acquire()) {
      try (RemoteFile file = connection.sftp().open(path, EnumSet.of(OpenMode.READ))) {
        byte[] buffer = new byte[maxBytes];
        int total = 0;
        while (total < maxBytes) {
          int n = file.read(total, buffer, total, maxBytes - total);
          if (n <= 0) {
            break;
          }
          total += n;
        }
        return Optional.of(Arrays.copyOf(buffer, total));
      } catch (IOException e) {
        if (SftpFailures.isNoSuchFile(e)) {
          return Optional.empty();
        }
        markIfBroken(connection, e);
        throw new IOException("cannot read " + path + " on SFTP server: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes {@code content} at the start of an existing file without truncating it (one request:
   * a reader never sees it empty). Returns false when the file does not exist.
   */
  public boolean overwrite(String fileName, byte[] content) throws IOException {
    String path = RemoteNames.join(directory, RemoteNames.requirePlainName(fileName));
    try (SftpConnection connection = pool.acquire()) {
      try (RemoteFile file = connection.sftp().open(path, EnumSet.of(OpenMode.WRITE))) {
        file.write(0, content, 0, content.length);
        return true;
      } catch (IOException e) {
        if (SftpFailures.isNoSuchFile(e)) {
          return false;
        }
        markIfBroken(connection, e);
        throw new IOException("cannot write " + path + " on SFTP server: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes a small file whole: under a temp name first, then renamed over {@code fileName}, so
   * readers see the old content or the new one, never a part.
   */
  public void writeReplacing(String fileName, byte[] content) throws IOException {
    try (RemoteFileUpload upload = open(fileName)) {
      upload.output().write(content);
      upload.commit();
    }
  }

  /** When {@code fileName} of the target directory was last modified; empty if it does not exist. */
  public java.util.Optional<Instant> modified(String fileName) throws IOException {
    String path = resolve(fileName);
    try (SftpConnection connection = pool.acquire()) {
      try {
        FileAttributes attributes = connection.sftp().statExistence(path);
        return attributes == null
            ? java.util.Optional.empty()
            : java.util.Optional.of(Instant.ofEpochSecond(attributes.getMtime()));
      } catch (IOException e) {
        markIfBroken(connection, e);
        throw new IOException("cannot stat " + path + " on SFTP server: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Deletes a remote file ({@code path} absolute, or relative to the target directory). A file
   * that does not exist is not an error.
   */
  public void delete(String path) throws IOException {
    String resolved = resolve(path);
    try (SftpConnection connection = pool.acquire()) {
      try {
        connection.sftp().rm(resolved);
      } catch (IOException e) {
        if (SftpFailures.isNoSuchFile(e)) {
          return;
        }
        markIfBroken(connection, e);
        throw new IOException("cannot delete " + resolved + " on SFTP server: " + e.getMessage(),
            e);
      }
    }
  }

  private String resolve(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("remote path must not be empty");
    }
    return path.startsWith("/") ? path : RemoteNames.join(directory, path);
  }

  private static void markIfBroken(SftpConnection connection, IOException e) {
    if (!SftpFailures.isServerStatus(e)) {
      connection.markBroken();
    }
  }

  /** Creates the target directory and its parents once per folder. */
  private void ensureDirectory(SFTPClient sftp) throws IOException {
    if (directoryReady) {
      return;
    }
    StringBuilder path = new StringBuilder(directory.startsWith("/") ? "/" : "");
    for (String part : directory.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (path.length() > 0 && path.charAt(path.length() - 1) != '/') {
        path.append('/');
      }
      path.append(part);
      String current = path.toString();
      FileAttributes existing = sftp.statExistence(current);
      if (existing == null) {
        try {
          sftp.mkdir(current);
          LOG.info("created remote directory {}", current);
        } catch (IOException e) {
          // Another upload may have created it meanwhile.
          if (sftp.statExistence(current) == null) {
            throw e;
          }
        }
      } else if (existing.getType() != FileMode.Type.DIRECTORY) {
        throw new IOException("remote path " + current + " exists but is not a directory");
      }
    }
    directoryReady = true;
  }
}
