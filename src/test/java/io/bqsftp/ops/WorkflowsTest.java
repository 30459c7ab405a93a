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

/** The GitHub workflows parse, pin actions by commit and deploy without key files; Dependabot keeps the pins moving. */
class WorkflowsTest {

  private static final Path WORKFLOWS = Path.of(".github", "workflows");
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void everyActionIsPinnedToACommitWithItsTagInAComment() throws IOException {
    for (String name : List.of("ci.yml", "deploy-cloud-run.yml")) {
      String text = Files.readString(WORKFLOWS.resolve(name));
      List<String> pinned = text.lines().map(String::strip)
          .map(line -> line.startsWith("- ") ? line.substring(2) : line)
          .filter(line -> line.startsWith("uses: ")).map(line -> line.substring(6))
          .filter(uses -> !uses.startsWith("./")).toList();
      assertThat(pinned).as(name).hasSameSizeAs(uses(YAML.readTree(text)).stream().filter(u -> !u.startsWith("./")).toList());
      for (String uses : pinned) {
        assertThat(uses).as(name).matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+");
      }
    }
  }

  @Test
  void dependabotWatchesMavenActionsAndDocker() throws IOException {
    JsonNode config = YAML.readTree(Path.of(".github", "dependabot.yml").toFile());
    List<String> ecosystems = new ArrayList<>();
    config.path("updates").forEach(update -> ecosystems.add(update.path("package-ecosystem").asText()));
    assertThat(ecosystems).containsExactlyInAnyOrder("maven", "github-actions", "docker");
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
        "gcloud run deploy", "--image \"$IMAGE_REF\"", "IMAGE_REF: ${{ env.IMAGE }}@${{ steps.build.outputs.digest }}");
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
