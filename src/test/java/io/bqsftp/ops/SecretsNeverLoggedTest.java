package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/** Secrets pushed through the real logback configuration never reach the output, in either format. */
class SecretsNeverLoggedTest {

  private static final String PASSWORD = "Sup3r-S3cret!pw";
  private static final String URL_PASSWORD = "urlPa55word";
  private static final String TOKEN = "ya29.a0AfH6SMBx-token-value_123";
  private static final String[] KEY_LINES = {
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
    "QyNTUxOQAAACDx1k0jYk3cX9cQm2Zb1qfGz7pQwA4m5XoJw2nT0yq8dAAAAJgXk2rAF5Nq",
    "wAAAAAtzc2gtZWQyNTUxOQAAACDx1k0jYk3cX9cQm2Zb1qfGz7pQwA4m5XoJw2nT0yq8dA"
  };
  private static final String KEY_BLOCK = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
      + String.join("\n", KEY_LINES) + "\n-----END OPENSSH PRIVATE KEY-----\n";

  @ParameterizedTest
  @ValueSource(strings = {"json", "text"})
  void secretsInMessagesArgumentsAndExceptionsAreMasked(String format) throws Exception {
    String output;
    try (LogCapture capture = new LogCapture(Map.of("LOG_FORMAT", format))) {
      Logger log = capture.logger("io.bqsftp.sftp.Test");
      log.info("connecting with password={}", PASSWORD);
      log.info("loaded config {\"sftp\": {\"password\": \"" + PASSWORD + "\"}}");
      log.warn("unexpected key material: {}", KEY_BLOCK);
      log.info("calling API with Authorization: Bearer " + TOKEN);
      log.error("upload failed", new IllegalStateException(
          "login refused for password " + "'" + PASSWORD + "'" + " (pwd=" + PASSWORD + ")",
          new RuntimeException("cannot reach sftp://partner:" + URL_PASSWORD + "@sftp.example.com/uploads"
              + " token=" + TOKEN)));
      log.error("inline key rejected", new IllegalArgumentException("bad key " + KEY_BLOCK));
      output = capture.output();
    }

    assertThat(output).contains("connecting with password=", "upload failed", "inline key rejected",
        SecretMasking.MASK, "IllegalStateException");
    assertThat(output).doesNotContain(PASSWORD, URL_PASSWORD, TOKEN);
    for (String line : KEY_LINES) {
      assertThat(output).doesNotContain(line);
    }
  }
}
