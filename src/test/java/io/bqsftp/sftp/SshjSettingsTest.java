package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.SftpConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshjSettingsTest {
  private static List<String> names(List<? extends Factory.Named<?>> factories) {
    return factories.stream().map(Factory.Named::getName).map(String::valueOf).toList();
  }

  @Test
  void offersExactlyTheConfiguredCiphersInOrder() {
    DefaultConfig config = SshjSettings.newConfig(List.of("aes256-ctr", "aes128-gcm@openssh.com"));
    assertThat(names(config.getCipherFactories())).containsExactly("aes256-ctr", "aes128-gcm@openssh.com");
  }

  @Test
  void defaultOrderPutsAesGcmFirst() {
    DefaultConfig config = SshjSettings.newConfig(SftpConfig.DEFAULT_CIPHERS);
    assertThat(names(config.getCipherFactories())).containsExactlyElementsOf(SftpConfig.DEFAULT_CIPHERS)
        .startsWith("aes128-gcm@openssh.com");
    assertThat(names(config.getMACFactories())).startsWith("hmac-sha2-256-etm@openssh.com");
  }

  @Test
  void chachaWhenConfiguredLoadsBouncyCastleAsTheLastProvider() throws Exception {
    DefaultConfig config = SshjSettings.newConfig(List.of("chacha20-poly1305@openssh.com", "aes128-ctr"));
    assertThat(names(config.getCipherFactories())).containsExactly("chacha20-poly1305@openssh.com", "aes128-ctr");
    assertThat(Security.getProvider("BC")).isNotNull();
    assertThat(javax.crypto.Cipher.getInstance("AES/CTR/NoPadding")).extracting(c -> c.getProvider().getName())
        .isNotEqualTo("BC");
  }

  @Test
  void everySupportedCipherNameIsImplementedBySshj() {
    List<String> offered = names(SshjSettings.newConfig(SftpConfig.SUPPORTED_CIPHERS).getCipherFactories());
    assertThat(offered).containsExactlyElementsOf(SftpConfig.SUPPORTED_CIPHERS);
  }

  /**
   * Production processes do not register Bouncy Castle (MINA registers it in test JVMs, so it is
   * taken out here): an ecdsa-sha2-nistp256 known_hosts line must still be read and match.
   */
  @Test
  void ecdsaKnownHostsLineMatchesWithoutBouncyCastle(@TempDir Path dir) throws Exception {
    List<Provider> providers = Arrays.asList(Security.getProviders());
    Provider bc = Security.getProvider("BC");
    Security.removeProvider("BC");
    try {
      SshjSettings.initOnce();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair host = generator.generateKeyPair();
      String blob = Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(host.getPublic()).getCompactData());
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:2222 ecdsa-sha2-nistp256 " + blob + "\n");

      OpenSSHKnownHosts verifier = new OpenSSHKnownHosts(knownHosts.toFile());
      assertThat(verifier.entries()).hasSize(1);
      assertThat(verifier.verify("127.0.0.1", 2222, host.getPublic())).isTrue();
      assertThat(verifier.verify("127.0.0.1", 2222, generator.generateKeyPair().getPublic())).isFalse();
    } finally {
      if (bc != null) {
        Security.insertProviderAt(bc, providers.indexOf(bc) + 1);
      }
    }
  }
}
