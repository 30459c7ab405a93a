package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.config.SftpConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.sftp.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 2: the same client against a real OpenSSH sshd (chrooted internal-sftp), started by
 * {@code .ci/start-sshd.sh}. Skipped when its SFTP_IT_* variables are not set.
 */
class OpenSshUploadTest {
  private static final List<String> VARS = List.of("SFTP_IT_HOST", "SFTP_IT_PORT",
      "SFTP_IT_USER", "SFTP_IT_PASSWORD", "SFTP_IT_KEY_FILE", "SFTP_IT_KNOWN_HOSTS",
      "SFTP_IT_DIRECTORY");

  @TempDir Path work;
  private Map<String, String> env;
  private String prefix;
  private SftpConnectionPool cleanupPool;

  @BeforeEach
  void requireServer() {
    env = System.getenv();
    List<String> missing = VARS.stream().filter(v -> env.get(v) == null || env.get(v).isBlank())
        .toList();
    Assumptions.assumeTrue(missing.isEmpty(), () -> "OpenSSH tier-2 server not configured ("
        + String.join(", ", missing) + " unset): run .ci/start-sshd.sh and source the env file"
        + " it prints");
    prefix = "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-";
  }

  @AfterEach
  void removeTestFiles() throws Exception {
    if (env == null || prefix == null || !VARS.stream().allMatch(env::containsKey)) {
      return;
    }
    try (SftpConnectionPool pool = new SftpConnectionPool(passwordConfig().build())) {
      RemoteFolder uploader = new RemoteFolder(pool, env.get("SFTP_IT_DIRECTORY"));
      for (RemoteFileInfo file : uploader.list()) {
        if (file.name().contains(prefix)) {
          uploader.delete(file.name());
        }
      }
    }
  }

  private SftpTestSupport.Builder base() {
    return new SftpTestSupport.Builder(env.get("SFTP_IT_HOST"),
        Integer.parseInt(env.get("SFTP_IT_PORT")))
        .username(env.get("SFTP_IT_USER"))
        .directory(env.get("SFTP_IT_DIRECTORY"));
  }

  private SftpTestSupport.Builder passwordConfig() {
    return base().password(env.get("SFTP_IT_PASSWORD")).knownHosts(env.get("SFTP_IT_KNOWN_HOSTS"));
  }

  private static SftpFileUpload upload(RemoteFolder uploader, String name, byte[] data)
      throws Exception {
    SftpFileUpload upload = (SftpFileUpload) uploader.open(name);
    try {
      upload.output().write(data);
      assertThat(upload.commit()).isEqualTo(data.length);
      return upload;
    } finally {
      upload.close();
    }
  }

  private static byte[] download(SftpConnectionPool pool, String path) throws Exception {
    try (SftpConnection connection = pool.acquire();
        RemoteFile file = connection.sftp().open(path);
        InputStream in = file.new ReadAheadRemoteFileInputStream(16)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  @Test
  void uploadCommitAndReplaceWithPosixRename() throws Exception {
    SftpConfig config = passwordConfig().build();
    try (SftpConnectionPool pool = new SftpConnectionPool(config)) {
      RemoteFolder uploader = new RemoteFolder(pool, config.directory());
      String name = prefix + "data.csv.gz";
      byte[] first = RemoteFolderTest.randomBytes(3 * 1024 * 1024 + 5, 21);
      SftpFileUpload upload = upload(uploader, name, first);
      assertThat(upload.finalPath()).isEqualTo(config.directory() + "/" + name);
      assertThat(download(pool, upload.finalPath())).isEqualTo(first);

      byte[] second = "replaced\n".getBytes(StandardCharsets.UTF_8);
      SftpFileUpload replacing = upload(uploader, name, second);
      // OpenSSH advertises posix-rename@openssh.com: the replace was one atomic rename.
      assertThat(replacing.renameMethod()).isEqualTo(RenameMethod.POSIX_RENAME);
      try (SftpConnection connection = pool.acquire()) {
        assertThat(connection.supportsPosixRename()).isTrue();
      }
      assertThat(download(pool, replacing.finalPath())).isEqualTo(second);
      List<RemoteFileInfo> mine = uploader.list().stream()
          .filter(f -> f.name().contains(prefix)).toList();
      assertThat(mine).singleElement().satisfies(f -> {
        assertThat(f.name()).isEqualTo(name);
        assertThat(f.size()).isEqualTo(second.length);
      });
    }
  }

  /** Not offered by default (it loads Bouncy Castle); a partner that needs it lists it. */
  @Test
  void chachaOnlyWhenConfigured() throws Exception {
    SftpConfig config = passwordConfig().ciphers(List.of("chacha20-poly1305@openssh.com")).build();
    try (SftpConnectionPool pool = new SftpConnectionPool(config)) {
      byte[] data = RemoteFolderTest.randomBytes(300_000, 23);
      SftpFileUpload upload = upload(new RemoteFolder(pool, config.directory()), prefix + "chacha.csv", data);
      assertThat(download(pool, upload.finalPath())).isEqualTo(data);
    }
  }

  /** OpenSSH offers no CBC cipher by default: the error names the setting and what the server offers. */
  @Test
  void noCipherInCommonNamesTheSettingAndIsPermanent() {
    SftpConfig config = passwordConfig().ciphers(List.of("3des-cbc")).build();
    try (SftpConnectionPool pool = new SftpConnectionPool(config)) {
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(CipherMismatchException.class)
          .hasMessageStartingWith("sftp.ciphers: SFTP server " + config.host() + ":" + config.port()
              + " accepts none of [3des-cbc]; it offers [")
          .hasMessageContaining("aes128-ctr")
          .satisfies(e -> assertThat(io.bqsftp.delivery.RetryPolicy.permanent(e)).isTrue());
    }
  }

  @Test
  void keyAuthenticationWithKnownHosts() throws Exception {
    SftpConfig config = base().password(null).privateKeyFile(env.get("SFTP_IT_KEY_FILE"))
        .knownHosts(env.get("SFTP_IT_KNOWN_HOSTS")).build();
    try (SftpConnectionPool pool = new SftpConnectionPool(config)) {
      byte[] data = RemoteFolderTest.randomBytes(200_000, 22);
      SftpFileUpload upload = upload(new RemoteFolder(pool, config.directory()),
          prefix + "key.csv", data);
      assertThat(download(pool, upload.finalPath())).isEqualTo(data);
    }
  }

  @Test
  void wrongKnownHostsEntryFails() throws Exception {
    // A different ed25519 key under the server's [127.0.0.1]:port name.
    String line = Files.readString(Path.of(env.get("SFTP_IT_KNOWN_HOSTS"))).strip();
    String[] parts = line.split(" ");
    String otherKey = TestKeys.publicKeyLine(TestKeys.ed25519()).split(" ")[1];
    Path knownHosts = work.resolve("known_hosts");
    Files.writeString(knownHosts, parts[0] + " ssh-ed25519 " + otherKey + "\n");
    try (SftpConnectionPool pool = new SftpConnectionPool(
        base().password(env.get("SFTP_IT_PASSWORD")).knownHosts(knownHosts.toString()).build())) {
      assertThatThrownBy(() -> new RemoteFolder(pool, env.get("SFTP_IT_DIRECTORY"))
          .open(prefix + "never.csv"))
          .isInstanceOf(HostKeyRejectedException.class)
          .hasMessageContaining("host key for " + env.get("SFTP_IT_HOST") + ":"
              + env.get("SFTP_IT_PORT") + " does not match known_hosts file " + knownHosts);
    }
  }

  @Test
  void fingerprintFromScriptMatches() throws Exception {
    String fingerprint = env.get("SFTP_IT_FINGERPRINT");
    Assumptions.assumeTrue(fingerprint != null, "SFTP_IT_FINGERPRINT unset");
    try (SftpConnectionPool pool = new SftpConnectionPool(
        base().password(env.get("SFTP_IT_PASSWORD")).fingerprint(fingerprint).build());
        SftpConnection connection = pool.acquire()) {
      assertThat(connection.isHealthy()).isTrue();
    }
  }

  @Test
  void abortedUploadLeavesNothing() throws Exception {
    SftpConfig config = passwordConfig().build();
    try (SftpConnectionPool pool = new SftpConnectionPool(config)) {
      RemoteFolder uploader = new RemoteFolder(pool, config.directory());
      try (RemoteFileUpload upload = uploader.open(prefix + "aborted.csv")) {
        upload.output().write(new byte[100_000]);
        upload.output().flush();
      } // close() without commit aborts
      assertThat(uploader.list()).noneMatch(f -> f.name().contains(prefix));
    }
  }
}
