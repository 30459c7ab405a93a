package io.bqsftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AppVersionTest {

  @Test
  void withoutAManifestTheVersionSaysDevelopment() {
    // Test classes run from target/classes: no manifest, so no Implementation-Version.
    assertThat(AppVersion.version()).isEqualTo(AppVersion.UNKNOWN);
    assertThat(AppVersion.of(null)).isEqualTo(AppVersion.UNKNOWN);
    assertThat(AppVersion.userAgent()).isEqualTo("bq-sftp-export/development");
  }

  @Test
  void versionOptionUsesTheProvider() {
    var out = new java.io.StringWriter();
    var cli = new CommandLine(new Main());
    cli.setOut(new java.io.PrintWriter(out));
    assertThat(cli.execute("--version")).isZero();
    assertThat(out.toString().strip()).isEqualTo("bq-sftp-export " + AppVersion.version());
  }
}
