package io.bqsftp.preflight;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.recovery.RecoveryServices;
import io.bqsftp.sftp.HostKeyRejectedException;
import io.bqsftp.sftp.SftpAuthenticationException;
import io.bqsftp.sftp.SftpConnection;
import io.bqsftp.sftp.SftpConnectionPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * Connects as a run would (host key, login) and writes, renames and deletes a hidden probe file in
 * the export's folder: the three operations a delivery needs.
 */
final class SftpProbe {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] PROBE = "bq-sftp-export check: safe to delete\n".getBytes(StandardCharsets.UTF_8);

  private final ServiceConfig config;

  SftpProbe(ServiceConfig config) {
    this.config = config;
  }

  List<CheckResult> check(ExportConfig export) {
    String name = export.name();
    List<CheckResult> results = new ArrayList<>();
    String target = config.sftp().host() + ":" + config.sftp().port();
    SftpConnectionPool pool;
    try {
      pool = new SftpConnectionPool(config.sftp(), Duration.ofSeconds(30));
    } catch (IllegalArgumentException e) {
      results.add(CheckResult.failed(name, "sftp.host_key", e.getMessage() + hostKeyHint()));
      results.add(CheckResult.skipped(name, "sftp.login", "needs sftp.host_key"));
      results.add(CheckResult.skipped(name, "sftp.write", "needs sftp.login"));
      return results;
    }
    try (pool) {
      SftpConnection connection;
      try {
        connection = pool.acquire();
      } catch (SftpAuthenticationException e) {
        results.add(CheckResult.ok(name, "sftp.host_key", "verified for " + target));
        results.add(CheckResult.failed(name, "sftp.login", e.getMessage()));
        results.add(CheckResult.skipped(name, "sftp.write", "needs sftp.login"));
        return results;
      } catch (HostKeyRejectedException e) {
        results.add(CheckResult.failed(name, "sftp.host_key", e.getMessage() + hostKeyHint()));
        results.add(CheckResult.skipped(name, "sftp.login", "needs sftp.host_key"));
        results.add(CheckResult.skipped(name, "sftp.write", "needs sftp.login"));
        return results;
      } catch (IOException e) {
        results.add(CheckResult.failed(name, "sftp.host_key", e.getMessage()));
        results.add(CheckResult.skipped(name, "sftp.login", "needs sftp.host_key"));
        results.add(CheckResult.skipped(name, "sftp.write", "needs sftp.login"));
        return results;
      }
      try (connection) {
        results.add(CheckResult.ok(name, "sftp.host_key", "verified for " + target));
        results.add(CheckResult.ok(name, "sftp.login", "logged in as " + config.sftp().username()));
        String directory = RecoveryServices.remoteDirectory(config, export);
        try {
          results.add(CheckResult.ok(name, "sftp.write", probe(connection.sftp(), directory)));
        } catch (IOException e) {
          connection.markBroken();
          results.add(CheckResult.failed(name, "sftp.write", e.getMessage()));
        }
      }
    }
    return results;
  }

  /** Where to get the key to pin: the {@code hostkey} command. */
  private String hostKeyHint() {
    int port = config.sftp().port();
    String host = config.sftp().host();
    return " (run 'hostkey " + (port == 22 ? host : host + ":" + port) + "' to see the keys the server offers)";
  }

  /** Creates, renames and deletes a hidden file in {@code directory}; says what it did. */
  private static String probe(SFTPClient sftp, String directory) throws IOException {
    String dir = directory.length() > 1 && directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
    FileAttributes attributes = sftp.statExistence(dir);
    String note = "";
    if (attributes == null) {
      // A run creates a missing folder: that needs the parent writable, which the probe below shows.
      try {
        sftp.mkdirs(dir);
      } catch (IOException e) {
        throw new IOException("folder " + dir + " does not exist and cannot be created: " + e.getMessage(), e);
      }
      note = " (created the missing folder, as a run would)";
    } else if (attributes.getType() != FileMode.Type.DIRECTORY) {
      throw new IOException(dir + " exists but is not a folder");
    }
    String base = (dir.endsWith("/") ? dir : dir + "/") + ".bqsftp-check-" + HexFormat.of().formatHex(randomBytes());
    String temp = base + ".part";
    String renamed = base + ".done";
    try (RemoteFile file = sftp.open(temp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL))) {
      file.write(0, PROBE, 0, PROBE.length);
    } catch (IOException e) {
      throw new IOException("cannot create a file in " + dir + ": " + e.getMessage(), e);
    }
    try {
      sftp.rename(temp, renamed);
    } catch (IOException e) {
      removeQuietly(sftp, temp);
      throw new IOException("cannot rename a file in " + dir + ": " + e.getMessage(), e);
    }
    try {
      sftp.rm(renamed);
    } catch (IOException e) {
      throw new IOException("cannot delete a file in " + dir + " (left " + renamed + "): " + e.getMessage(), e);
    }
    return "created, renamed and deleted a probe file in " + dir + note;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void removeQuietly(SFTPClient sftp, String path) {
    try {
      sftp.rm(path);
    } catch (IOException ignored) {
      // The rename's error is the one to report.
    }
  }
}
