package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskingTest {

  @Test
  void masksKeyValuePairsInCommonSpellings() {
    assertThat(SecretMasking.mask("password=hunter2 host=a")).isEqualTo("password=****** host=a");
    assertThat(SecretMasking.mask("{\"password\": \"hunter2\", \"port\": 22}"))
        .isEqualTo("{\"password\": \"******\", \"port\": 22}");
    assertThat(SecretMasking.mask("SFTP_PASSWORD: hunter2")).doesNotContain("hunter2");
    assertThat(SecretMasking.mask("passphrase='hunter2'")).isEqualTo("passphrase='******'");
    assertThat(SecretMasking.mask("refused password 'hunter2'")).isEqualTo("refused password '******'");
    assertThat(SecretMasking.mask("SFTP_PRIVATE_KEY_FILE=/run/secrets/id")).isEqualTo("SFTP_PRIVATE_KEY_FILE=/run/secrets/id");
  }

  @Test
  void masksPrivateKeyBlocksWholeOrTruncated() {
    String block = "x -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- y";
    assertThat(SecretMasking.mask(block))
        .isEqualTo("x -----BEGIN RSA PRIVATE KEY-----******-----END RSA PRIVATE KEY----- y");
    assertThat(SecretMasking.mask("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq"))
        .doesNotContain("MIIEvQIBADANBgkq");
  }

  @Test
  void masksAuthorizationCredentialsAndUrlPasswords() {
    assertThat(SecretMasking.mask("Authorization: Bearer abc.def-ghi")).isEqualTo("Authorization: Bearer ******");
    assertThat(SecretMasking.mask("Basic dXNlcjpwYXNz")).isEqualTo("Basic ******");
    assertThat(SecretMasking.mask("sftp://bob:pw123@host:22/dir")).isEqualTo("sftp://bob:******@host:22/dir");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "exported 1200 rows of project.dataset.products to /uploads/product_data_20250317-000.csv.gz";
    assertThat(SecretMasking.mask(text)).isSameAs(text);
    assertThat(SecretMasking.mask("sftp://host:22/dir")).isEqualTo("sftp://host:22/dir");
    assertThat(SecretMasking.mask("primary key column id")).isEqualTo("primary key column id");
    assertThat(SecretMasking.mask(null)).isNull();
  }
}
