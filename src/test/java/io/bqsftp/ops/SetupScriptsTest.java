package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the setup scripts against a fake {@code gcloud} that logs its arguments and answers
 * "describe" as told, proving the describe-before-create idempotence: missing resources are
 * created, existing ones updated or left alone.
 */
class SetupScriptsTest {

  private static final String FAKE_GCLOUD = """
      #!/usr/bin/env bash
      printf '%s\\n' "$*" >> "${FAKE_LOG}"
      case " $* " in
        *" --format="*) echo "https://svc.example.run.app"; exit 0 ;;
        *" describe "*) [[ "${FAKE_EXISTS}" == "1" ]] && exit 0 || exit 1 ;;
        *" versions access "*) echo "{}"; exit 0 ;;
      esac
      exit 0
      """;

  private record Run(int exit, String output, List<String> gcloudCalls) {}

  @TempDir Path temp;

  @Test
  void pubsubCreatesMissingResourcesWithDeadLetterPolicy() throws Exception {
    Run run = run("setup_pubsub.sh", false, Map.of("PUSH_SERVICE_ACCOUNT", "push@p.iam.gserviceaccount.com"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("pubsub topics create bq-sftp-export-triggers "));
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("pubsub topics create bq-sftp-export-triggers-dead-letter "));
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("pubsub subscriptions create bq-sftp-export-triggers-sub ")
        && c.contains("--dead-letter-topic=bq-sftp-export-triggers-dead-letter")
        && c.contains("--max-delivery-attempts=20") && c.contains("--ack-deadline=600")
        && c.contains("--min-retry-delay=60s") && c.contains("--max-retry-delay=600s")
        && c.contains("--push-endpoint=https://svc.example.run.app/"));
  }

  @Test
  void pubsubUpdatesExistingSubscriptionInsteadOfRecreating() throws Exception {
    Run run = run("setup_pubsub.sh", true, Map.of("SUBSCRIPTION_MODE", "pull"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.gcloudCalls()).noneMatch(c -> c.contains(" create "));
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("pubsub subscriptions update bq-sftp-export-triggers-sub "));
  }

  @Test
  void schedulersPublishTheSeedBodyToPubSubByDefault() throws Exception {
    Run created = run("setup_schedulers.sh", false, Map.of("SCHEDULES", "product_data=0 2 * * *; customer_data=30 3 * * 0"));
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.gcloudCalls()).anyMatch(c -> c.startsWith("scheduler jobs create pubsub bq-sftp-export-product-data ")
        && c.contains("--schedule=0 2 * * *") && c.contains("--topic=bq-sftp-export-triggers")
        && c.contains("--message-body={\"export_name\":\"product_data\"}"));
    assertThat(created.gcloudCalls()).anyMatch(c -> c.startsWith("scheduler jobs create pubsub bq-sftp-export-customer-data "));
    assertThat(created.gcloudCalls()).noneMatch(c -> c.contains(" http "));

    Run updated = run("setup_schedulers.sh", true, Map.of("SCHEDULES", "product_data=0 2 * * *"));
    assertThat(updated.exit()).as(updated.output()).isZero();
    assertThat(updated.gcloudCalls()).anyMatch(c -> c.startsWith("scheduler jobs update pubsub bq-sftp-export-product-data "));
  }

  @Test
  void httpSchedulersStartRunsThroughTheRunApiWithAShortDeadline() throws Exception {
    Run created = run("setup_schedulers.sh", false, Map.of("SCHEDULES", "product_data=0 2 * * *", "TARGET", "http",
        "SCHEDULER_SERVICE_ACCOUNT", "sched@p.iam.gserviceaccount.com"));
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.gcloudCalls()).anyMatch(c -> c.startsWith("scheduler jobs create http bq-sftp-export-product-data ")
        && c.contains("--uri=https://svc.example.run.app/exports/product_data/runs") && c.contains("--message-body={}")
        && c.contains("--attempt-deadline=120s")
        && c.contains("--oidc-service-account-email=sched@p.iam.gserviceaccount.com"));
  }

  @Test
  void cloudRunJobRunsTheExportInTheImageAndCanBeScheduled() throws Exception {
    Run created = run("setup_cloudrun_job.sh", false, Map.of("EXPORT_NAME", "product_data",
        "IMAGE", "europe-docker.pkg.dev/p/r/bq-sftp-export:abc", "SCHEDULE", "0 2 * * *",
        "SCHEDULER_SERVICE_ACCOUNT", "sched@p.iam.gserviceaccount.com"));
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.gcloudCalls()).anyMatch(c -> c.startsWith("run jobs create bq-sftp-export-product-data ")
        && c.contains("--args=run,--export,product_data") && c.contains("--image=europe-docker.pkg.dev/p/r/bq-sftp-export:abc")
        && c.contains("--set-secrets=/app/conf/config.json=bq-sftp-export-config:latest") && c.contains("--task-timeout=21600s"));
    assertThat(created.gcloudCalls()).anyMatch(c -> c.startsWith("scheduler jobs create http bq-sftp-export-product-data-schedule ")
        && c.contains("--uri=https://run.googleapis.com/v2/projects/my-project/locations/us-central1/jobs/bq-sftp-export-product-data:run")
        && c.contains("--oauth-service-account-email=sched@p.iam.gserviceaccount.com"));

    Run updated = run("setup_cloudrun_job.sh", true, Map.of("EXPORT_NAME", "product_data", "IMAGE", "i:1"));
    assertThat(updated.exit()).as(updated.output()).isZero();
    assertThat(updated.gcloudCalls()).anyMatch(c -> c.startsWith("run jobs update bq-sftp-export-product-data "));
    assertThat(updated.gcloudCalls()).noneMatch(c -> c.startsWith("scheduler "));

    Run bad = run("setup_cloudrun_job.sh", false, Map.of("EXPORT_NAME", "x,--evil"));
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.output()).contains("may contain only");
  }

  @Test
  void schedulersRejectExportNamesThatCouldBreakTheBody() throws Exception {
    Run run = run("setup_schedulers.sh", false, Map.of("SCHEDULES", "evil\",\"x=0 2 * * *"));
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("may contain only");
  }

  @Test
  void requiredVariablesFailWithAMessage() throws Exception {
    Run run = run("setup_cloudrun.sh", false, Map.of("PROJECT_ID", ""));
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("set PROJECT_ID");
  }

  @Test
  void cloudRunDeploysWithSecretsAndNoPublicAccess() throws Exception {
    Path config = Files.writeString(temp.resolve("config.json"), "{\"exports\":{}}");
    Run run = run("setup_cloudrun.sh", false, Map.of("SKIP_BUILD", "1", "CONFIG_FILE", config.toString(),
        "IMAGE", "europe-docker.pkg.dev/p/r/bq-sftp-export:abc"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("secrets create bq-sftp-export-config "));
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("run deploy bq-sftp-export ")
        && c.contains("--no-allow-unauthenticated")
        && c.contains("--set-secrets=/app/conf/config.json=bq-sftp-export-config:latest")
        && c.contains("--image=europe-docker.pkg.dev/p/r/bq-sftp-export:abc")
        && c.contains("--no-cpu-throttling") && c.contains("--min-instances=0"));
  }

  @Test
  void cloudRunWithPullTriggerKeepsOneInstanceWithCpuAlwaysAllocated() throws Exception {
    Run run = run("setup_cloudrun.sh", true, Map.of("SKIP_BUILD", "1", "IMAGE", "i:1",
        "PUBSUB_SUBSCRIPTION", "projects/my-project/subscriptions/bq-sftp-export-triggers-sub"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("run deploy bq-sftp-export ")
        && c.contains("--no-cpu-throttling") && c.contains("--min-instances=1")
        && c.contains("PUBSUB_SUBSCRIPTION=projects/my-project/subscriptions/bq-sftp-export-triggers-sub"));
    assertThat(run.gcloudCalls()).anyMatch(c -> c.startsWith("pubsub subscriptions add-iam-policy-binding ")
        && c.contains("--role=roles/pubsub.subscriber"));
  }

  private Run run(String script, boolean resourcesExist, Map<String, String> env) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path gcloud = bin.resolve("gcloud");
    Files.writeString(gcloud, FAKE_GCLOUD);
    Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = temp.resolve("gcloud-" + System.nanoTime() + ".log");
    Files.createFile(log);

    ProcessBuilder builder = new ProcessBuilder("bash", Path.of("scripts", script).toString()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("PATH", bin + ":" + System.getenv("PATH"));
    environment.put("FAKE_LOG", log.toString());
    environment.put("FAKE_EXISTS", resourcesExist ? "1" : "0");
    environment.put("PROJECT_ID", "my-project");
    environment.putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish:\n" + output);
    }
    return new Run(process.exitValue(), output, Files.readAllLines(log));
  }
}
