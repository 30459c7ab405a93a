package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.SftpConfig;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import org.junit.jupiter.api.Test;

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
  void defaultOrderPutsAesGcmFirstAndChachaLast() {
    DefaultConfig config = SshjSettings.newConfig(SftpConfig.DEFAULT_CIPHERS);
    assertThat(names(config.getCipherFactories())).containsExactlyElementsOf(SftpConfig.DEFAULT_CIPHERS);
    assertThat(names(config.getMACFactories())).startsWith("hmac-sha2-256-etm@openssh.com");
  }

  @Test
  void everySupportedCipherNameIsImplementedBySshj() {
    List<String> implemented = names(new DefaultConfig().getCipherFactories());
    assertThat(implemented).containsAll(SftpConfig.SUPPORTED_CIPHERS);
  }
}
