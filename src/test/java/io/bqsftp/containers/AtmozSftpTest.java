package io.bqsftp.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.SftpConfig;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.RemoteFolder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** Tier 3 (Docker, GitHub Actions): upload, verify and rename-replace on atmoz/sftp (OpenSSH). */
@Testcontainers(disabledWithoutDocker = true)
class AtmozSftpTest {
  @Container
  static final GenericContainer<?> SFTP =
      new GenericContainer<>(DockerImageName.parse("atmoz/sftp:alpine-3.7"))
          .withCommand("partner:partner-pass:1001::upload")
          .withExposedPorts(22)
          .waitingFor(Wait.forListeningPort());

  private SftpConfig config() throws Exception {
    // The container makes a new host key at every start, so its fingerprint is learned from the
    // container's own ssh-keygen rather than pinned.
    String fingerprint = SFTP.execInContainer("sh", "-c",
        "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2").getStdout().trim();
    var json = new JsonObject()
        .put("sftp", new JsonObject()
            .put("host", SFTP.getHost())
            .put("port", SFTP.getMappedPort(22))
            .put("username", "partner")
            .put("password", "partner-pass")
            .put("host_key_fingerprint", fingerprint)
            .put("directory", "/upload"))
        .put("exports", new JsonObject());
    return ConfigLoader.fromJson(json, Map.of()).sftp();
  }

  @Test
  void uploadCommitsUnderTheFinalNameAndReplaces() throws Exception {
    try (var pool = new SftpConnectionPool(config())) {
      var uploader = new RemoteFolder(pool, "/upload");
      for (String content : new String[] {"first version\n", "second\n"}) {
        try (var upload = uploader.open("feed_20250317-000000000000.csv")) {
          upload.output().write(content.getBytes(StandardCharsets.UTF_8));
          upload.commit();
        }
      }
      assertThat(uploader.list()).extracting(RemoteFileInfo::name, RemoteFileInfo::size)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("feed_20250317-000000000000.csv", 7L));
    }
  }
}
