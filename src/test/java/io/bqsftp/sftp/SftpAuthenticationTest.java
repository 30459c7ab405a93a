package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.local.EmbeddedSftpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import net.schmizz.sshj.common.SecurityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpAuthenticationTest {
  @TempDir Path root;
  @TempDir Path keys;
  private EmbeddedSftpServer server;
  private KeyPair ed25519;
  private KeyPair rsa;

  @BeforeEach
  void start() throws Exception {
    ed25519 = TestKeys.ed25519();
    rsa = TestKeys.rsa();
    server = new EmbeddedSftpServer()
        .authorizedKey(TestKeys.publicKeyLine(ed25519))
        .authorizedKey(rsa.getPublic())
        .start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void uploadWith(SftpTestSupport.Builder config, String name) throws Exception {
    try (SftpConnectionPool pool = new SftpConnectionPool(config.build())) {
      try (RemoteFileUpload upload = new RemoteFolder(pool, "/out").open(name)) {
        upload.output().write(name.getBytes(StandardCharsets.UTF_8));
        upload.commit();
      }
    }
    assertThat(Files.readString(root.resolve("out").resolve(name))).isEqualTo(name);
  }

  @Test
  void passwordAuthentication() throws Exception {
    uploadWith(SftpTestSupport.config(server), "pw.csv");
  }

  @Test
  void ed25519KeyFileWithoutBouncyCastleProvider() throws Exception {
    Path key = TestKeys.writePrivateKey(keys, "id_ed25519", ed25519, null);
    uploadWith(SftpTestSupport.config(server).password(null).privateKeyFile(key.toString()),
        "ed25519.csv");
    // The speed-up must really be in effect while Ed25519 keys keep working: sshj asks the JDK's
    // provider chain (MINA may have appended BC to it in this JVM, behind SunJCE).
    assertThat(SecurityUtils.getSecurityProvider()).isNull();
    assertThat(javax.crypto.Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName())
        .isNotEqualTo("BC");
  }

  @Test
  void encryptedEd25519KeyFileWithPassphrase() throws Exception {
    Path key = TestKeys.writePrivateKey(keys, "id_ed25519_enc", ed25519, "key-pass-123");
    uploadWith(SftpTestSupport.config(server).password(null).privateKeyFile(key.toString())
        .passphrase("key-pass-123"), "ed25519-enc.csv");
  }

  @Test
  void inlineRsaKey() throws Exception {
    String text = TestKeys.privateKeyText(rsa, null);
    uploadWith(SftpTestSupport.config(server).password(null).privateKey(text), "rsa.csv");
  }

  @Test
  void encryptedInlineRsaKeyWithPassphrase() throws Exception {
    String text = TestKeys.privateKeyText(rsa, "rsa-pass-456");
    uploadWith(SftpTestSupport.config(server).password(null).privateKey(text)
        .passphrase("rsa-pass-456"), "rsa-enc.csv");
  }

  @Test
  void wrongPasswordFailsClearlyWithoutShowingIt() {
    try (SftpConnectionPool pool = new SftpConnectionPool(
        SftpTestSupport.config(server).password("wrong-Passw0rd").build())) {
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(SftpAuthenticationException.class)
          .hasMessageContaining("authentication as user 'alice' to SFTP server 127.0.0.1:"
              + server.port() + " failed (tried password)")
          .satisfies(e -> assertThat(stackTraceText(e)).doesNotContain("wrong-Passw0rd"));
      assertThat(pool.openConnections()).isZero();
    }
  }

  @Test
  void unauthorizedKeyFails() throws Exception {
    Path key = TestKeys.writePrivateKey(keys, "other", TestKeys.ed25519(), null);
    try (SftpConnectionPool pool = new SftpConnectionPool(
        SftpTestSupport.config(server).password(null).privateKeyFile(key.toString()).build())) {
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(SftpAuthenticationException.class)
          .hasMessageContaining("publickey (private key file " + key + ")");
    }
  }

  @Test
  void wrongPassphraseFailsAtStartupWithoutShowingSecrets() throws Exception {
    String text = TestKeys.privateKeyText(ed25519, "right-pass");
    assertThatThrownBy(() -> new SftpConnectionPool(SftpTestSupport.config(server)
        .password(null).privateKey(text).passphrase("wrong-pass").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load SFTP inline private key")
        .satisfies(e -> assertThat(stackTraceText(e))
            .doesNotContain("wrong-pass", "right-pass", text.lines().skip(1).findFirst().get()));
  }

  @Test
  void noCredentialsIsAConfigurationError() {
    assertThatThrownBy(() -> new SftpConnectionPool(
        SftpTestSupport.config(server).password(null).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no SFTP credentials configured");
  }

  static String stackTraceText(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
