package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GitHub workflows parse, pin action majors and deploy without key files. */
class WorkflowsTest {

  private static final Path WORKFLOWS = Path.of(".github", "workflows");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void everyActionIsPinnedToAMajorVersion() throws IOException {
    for (String name : List.of("ci.yml", "deploy-cloud-run.yml")) {
      JsonNode workflow = YAML.readTree(WORKFLOWS.resolve(name).toFile());
      for (String uses : uses(workflow)) {
        if (!uses.startsWith("./")) {
          assertThat(uses).as(name).matches("[\\w.-]+/[\\w.-]+@v\\d+");
        }
      }
    }
  }

  @Test
  void ciRunsTheProjectScriptWithJdk17() throws IOException {
    String text = Files.readString(WORKFLOWS.resolve("ci.yml"));
    JsonNode ci = YAML.readTree(text);
    assertThat(ci.path("on").has("push")).isTrue();
    assertThat(ci.path("on").has("pull_request")).isTrue();
    assertThat(text).contains("bash .ci/run", "openssh-server", "distribution: temurin", "cache: maven");
  }

  @Test
  void deployUsesWorkloadIdentityAndTheProjectDockerfile() throws IOException {
    String text = Files.readString(WORKFLOWS.resolve("deploy-cloud-run.yml"));
    JsonNode deploy = YAML.readTree(text);
    assertThat(deploy.path("permissions").path("id-token").asText()).isEqualTo("write");
    assertThat(text).contains("workload_identity_provider:", "service_account:", "file: docker/Dockerfile",
        "google-github-actions/deploy-cloudrun@");
    assertThat(text).doesNotContain("credentials_json", "secrets.");
  }

  private static List<String> uses(JsonNode workflow) {
    List<String> found = new ArrayList<>();
    workflow.path("jobs").forEach(job -> {
      if (job.has("uses")) {
        found.add(job.get("uses").asText());
      }
      job.path("steps").forEach(step -> {
        if (step.has("uses")) {
          found.add(step.get("uses").asText());
        }
      });
    });
    return found;
  }
}
