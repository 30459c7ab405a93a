package io.bqsftp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {
  static final Path DOC = Path.of("docs", "configuration.md");

  static final Path README = Path.of("README.md");

  @Test
  void docsAreUpToDate() throws Exception {
    for (Path file : new Path[] {DOC, README}) {
      String doc = Files.readString(file);
      assertThat(doc)
          .as(file + " is stale: run io.bqsftp.config.ConfigDocs docs/configuration.md README.md")
          .isEqualTo(ConfigDocs.updated(doc));
    }
  }

  @Test
  void referenceListsEveryKeyAndVariable() {
    String reference = ConfigDocs.reference();
    Stream.concat(ConfigDef.SERVICE_KEYS.stream(), ConfigDef.EXPORT_KEYS.stream()).forEach(key -> {
      assertThat(reference).contains("| `" + key.path() + "` |");
      assertThat(key.doc()).as(key.path()).isNotBlank();
      key.envVar().ifPresent(env -> assertThat(reference).contains("| `" + env + "` |"));
    });
    assertThat(reference).contains("`SFTP_PASSWORD_FILE`", "`CONFIG_PATH`");
  }

  @Test
  void seedKeysAndVariablesKeepTheirNames() {
    var paths = Stream.concat(ConfigDef.SERVICE_KEYS.stream(), ConfigDef.EXPORT_KEYS.stream())
        .map(ConfigKey::path).toList();
    assertThat(paths).contains("sftp.host", "sftp.port", "sftp.username", "sftp.password",
        "sftp.directory", "gcs.bucket", "metadata.export_metadata_table",
        "exports.<name>.source_table", "exports.<name>.compress", "exports.<name>.export_type",
        "exports.<name>.date_column", "exports.<name>.days_lookback");
    var envs = ConfigDef.SERVICE_KEYS.stream().flatMap(k -> k.envVar().stream()).toList();
    assertThat(envs).contains("SFTP_HOST", "SFTP_USERNAME", "SFTP_PASSWORD", "SFTP_DIRECTORY",
        "GCS_BUCKET", "EXPORT_METADATA_TABLE", "DEBUG", "SFTP_PORT", "PORT");
  }
}
