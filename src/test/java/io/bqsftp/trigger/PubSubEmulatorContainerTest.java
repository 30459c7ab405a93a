package io.bqsftp.trigger;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Tier 3 (Docker, GitHub Actions): the same happy path as {@link PubSubEmulatorTest}, against the
 * emulator image Google publishes, where the machine has no emulator package installed.
 */
@Testcontainers(disabledWithoutDocker = true)
class PubSubEmulatorContainerTest extends PubSubEmulatorTest {
  @Container
  static final GenericContainer<?> EMULATOR =
      new GenericContainer<>(DockerImageName.parse("gcr.io/google.com/cloudsdktool/google-cloud-cli:528.0.0-emulators"))
          .withCommand("gcloud", "beta", "emulators", "pubsub", "start", "--host-port=0.0.0.0:8085",
              "--project=" + PROJECT)
          .withExposedPorts(8085)
          .waitingFor(Wait.forLogMessage(".*Server started.*", 1));

  @Override
  String emulatorHost() {
    return EMULATOR.getHost() + ":" + EMULATOR.getMappedPort(8085);
  }
}
