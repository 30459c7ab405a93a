package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every YAML document under k8s/ must bind to fabric8's typed Kubernetes model with no field left
 * over. fabric8 keeps unknown fields in {@code additionalProperties} instead of failing, so the
 * typed objects are walked and any non-empty {@code additionalProperties} fails the test: a typo
 * like {@code readinesProbe} would otherwise be silently dropped by the cluster.
 */
class K8sManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final List<HasMetadata> resources = new ArrayList<>();
  private static JsonNode kustomization;

  @BeforeAll
  static void parseEverything() throws IOException {
    assertThat(K8S).as("run from the project root").isDirectory();
    for (Path file : yamlFiles()) {
      for (JsonNode document : documents(file)) {
        if ("Kustomization".equals(document.path("kind").asText())) {
          kustomization = document;
        } else {
          resources.add(strictlyTyped(document, file.toString()));
        }
      }
    }
  }

  @Test
  void everyExpectedKindIsThere() {
    assertThat(resources).extracting(HasMetadata::getKind).contains(
        "Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget", "CronJob", "ServiceAccount");
    assertThat(kustomization).as("kustomization.yaml").isNotNull();
  }

  @Test
  void everyFileIsListedInTheKustomization() throws IOException {
    Set<String> listed = new HashSet<>();
    kustomization.path("resources").forEach(node -> listed.add(node.asText()));
    Set<String> files = yamlFiles().stream()
        .map(path -> path.getFileName().toString())
        .filter(name -> !name.equals("kustomization.yaml"))
        .collect(Collectors.toSet());
    assertThat(listed).containsExactlyInAnyOrderElementsOf(files);

    String image = container(one(Deployment.class).getSpec().getTemplate().getSpec()).getImage();
    assertThat(kustomization.path("images").findValuesAsText("name")).contains(image);
  }

  @Test
  void deploymentProbesPortAndConfig() {
    Deployment deployment = one(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container app = container(pod);

    assertThat(app.getPorts()).anySatisfy(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getContainerPort()).isEqualTo(8080);
    });
    assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(app.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(app.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(app.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(app.getResources().getLimits()).containsKey("memory");

    assertThat(env(app, "CONFIG_PATH").getValue()).isEqualTo("/app/conf/config.json");
    Volume config = volumeMountedAt(pod, app, "/app/conf");
    assertThat(config.getConfigMap().getName()).isEqualTo(named(ConfigMap.class, config.getConfigMap().getName())
        .getMetadata().getName());

    EnvVar password = env(app, "SFTP_PASSWORD");
    String secretName = password.getValueFrom().getSecretKeyRef().getName();
    assertThat(named(Secret.class, secretName).getStringData()).containsKey(password.getValueFrom().getSecretKeyRef().getKey());
    assertThat(volumeMountedAt(pod, app, "/app/secrets/sftp").getSecret().getSecretName()).isEqualTo(secretName);
    assertThat(env(app, "SFTP_KNOWN_HOSTS_FILE").getValue()).startsWith("/app/secrets/sftp/");

    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .as("room for the 300 s default drain").isGreaterThanOrEqualTo(300L);
    assertThat(named(ServiceAccount.class, pod.getServiceAccountName())).isNotNull();
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootFilesystem() {
    PodSpec server = one(Deployment.class).getSpec().getTemplate().getSpec();
    List<PodSpec> pods = new ArrayList<>(List.of(server));
    resources.stream().filter(CronJob.class::isInstance).map(CronJob.class::cast)
        .forEach(cronJob -> pods.add(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
    assertThat(pods).hasSize(3);
    for (PodSpec pod : pods) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      // A numeric non-zero user lets the kubelet verify runAsNonRoot whatever USER the image names.
      assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
      for (Container container : pod.getContainers()) {
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
      }
    }
    Container app = container(server);
    assertThat(volumeMountedAt(server, app, "/tmp").getEmptyDir()).isNotNull();
    assertThat(volumeMountedAt(server, app, "/app/staging").getEmptyDir()).isNotNull();
  }

  @Test
  void serviceAndBudgetSelectTheDeploymentsPods() {
    Map<String, String> podLabels = one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    Service service = one(Service.class);
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).anySatisfy(port -> {
      assertThat(port.getPort()).isEqualTo(8080);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(podLabels).containsAllEntriesOf(one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void cronJobStartsTheRunThroughTheApiAndPollsIt() {
    CronJob cronJob = named(CronJob.class, "bq-sftp-export-product-data");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    var job = cronJob.getSpec().getJobTemplate().getSpec();
    assertThat(job.getBackoffLimit()).isNotNull();
    assertThat(job.getActiveDeadlineSeconds()).isGreaterThanOrEqualTo(3600L);
    PodSpec pod = job.getTemplate().getSpec();
    Container trigger = container(pod);
    assertThat(trigger.getImage()).startsWith("curlimages/curl:").doesNotEndWith(":latest");
    assertThat(trigger.getCommand()).containsExactly("sh", "/scripts/trigger-run.sh");
    assertThat(env(trigger, "EXPORT_NAME").getValue()).isEqualTo("product_data");
    Service service = one(Service.class);
    assertThat(env(trigger, "SERVICE_URL").getValue())
        .isEqualTo("http://" + service.getMetadata().getName() + ":" + service.getSpec().getPorts().get(0).getPort());
    assertThat(env(trigger, "AUTH_TOKEN").getValueFrom().getSecretKeyRef().getOptional()).isTrue();

    // The script comes from the ConfigMap kustomize generates from k8s/trigger-run.sh.
    Volume scripts = volumeMountedAt(pod, trigger, "/scripts");
    JsonNode generator = kustomization.path("configMapGenerator").get(0);
    assertThat(generator.path("name").asText()).isEqualTo(scripts.getConfigMap().getName());
    assertThat(generator.path("files").get(0).asText()).isEqualTo("trigger-run.sh");
    assertThat(K8S.resolve("trigger-run.sh")).isRegularFile();
  }

  @Test
  void inImageCronJobRunsTheExportItselfWithTheServersConfig() {
    CronJob cronJob = named(CronJob.class, "bq-sftp-export-run-product-data");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cronJob.getSpec().getSuspend()).as("off in the base: one trigger per export").isTrue();
    PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    Container run = container(pod);
    Container server = container(one(Deployment.class).getSpec().getTemplate().getSpec());
    assertThat(run.getImage()).isEqualTo(server.getImage());
    assertThat(run.getArgs()).containsExactly("run", "--export", "product_data");
    assertThat(env(run, "CONFIG_PATH").getValue()).isEqualTo(env(server, "CONFIG_PATH").getValue());
    assertThat(volumeMountedAt(pod, run, "/app/conf").getConfigMap().getName())
        .isEqualTo(volumeMountedAt(one(Deployment.class).getSpec().getTemplate().getSpec(), server, "/app/conf").getConfigMap().getName());
    assertThat(volumeMountedAt(pod, run, "/tmp").getEmptyDir()).isNotNull();
    assertThat(volumeMountedAt(pod, run, "/app/staging").getEmptyDir()).isNotNull();
    assertThat(pod.getServiceAccountName()).isEqualTo(one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
  }

  @Test
  void exampleConfigIsTheSeedFormatAndSecretsArePlaceholders() throws IOException {
    JsonNode config = JSON.readTree(one(ConfigMap.class).getData().get("config.json"));
    assertThat(config.path("exports").path("product_data").path("source_table").asText()).isEqualTo("project.dataset.products");
    assertThat(config.path("sftp").has("password")).as("passwords belong in the Secret").isFalse();

    Secret secret = one(Secret.class);
    assertThat(secret.getMetadata().getAnnotations()).containsEntry("config.kubernetes.io/local-config", "true");
    assertThat(secret.getStringData().values()).allSatisfy(value -> assertThat(value).contains("REPLACE"));
  }

  @Test
  void unknownFieldsAreCaught() {
    String typo = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: x
                  image: x
                  readinesProbe: {httpGet: {path: /health/ready, port: 8080}}
        """;
    assertThatThrownBy(() -> strictlyTyped(YAML.readTree(typo), "typo.yaml"))
        .hasMessageContaining("readinesProbe");
    String unknownKind = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n";
    assertThatThrownBy(() -> strictlyTyped(YAML.readTree(unknownKind), "widget.yaml"))
        .hasMessageContaining("Widget");
  }

  // --- parsing and strictness ---

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.list(K8S)) {
      return files.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.createParser(file.toFile());
        var values = YAML.readValues(parser, JsonNode.class)) {
      while (values.hasNext()) {
        JsonNode node = values.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }

  static HasMetadata strictlyTyped(JsonNode document, String source) {
    Object typed = SERIALIZATION.unmarshal(JSON.valueToTree(document).toString());
    if (typed instanceof GenericKubernetesResource || !(typed instanceof HasMetadata)) {
      throw new AssertionError(source + ": kind " + document.path("apiVersion").asText() + "/"
          + document.path("kind").asText() + " has no typed fabric8 model");
    }
    List<String> leftovers = new ArrayList<>();
    collectUnknownFields(typed, document.path("kind").asText(), leftovers);
    if (!leftovers.isEmpty()) {
      throw new AssertionError(source + ": unknown fields " + leftovers);
    }
    return (HasMetadata) typed;
  }

  /** Walks the model's Jackson properties; any additionalProperties entry is a field the model does not know. */
  private static void collectUnknownFields(Object value, String path, List<String> leftovers) {
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> collectUnknownFields(item, path + "." + key, leftovers));
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + index++ + "]", leftovers);
      }
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())) {
        continue;
      }
      try {
        if (getter.isAnnotationPresent(JsonAnyGetter.class)) {
          Map<?, ?> extra = (Map<?, ?>) getter.invoke(value);
          if (extra != null) {
            extra.keySet().forEach(key -> leftovers.add(path + "." + key));
          }
        } else if (getter.isAnnotationPresent(JsonProperty.class)) {
          String name = getter.getAnnotation(JsonProperty.class).value();
          collectUnknownFields(getter.invoke(value), path + "." + name, leftovers);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + path + " via " + getter, e);
      }
    }
  }

  // --- lookups ---

  private static <T extends HasMetadata> T one(Class<T> type) {
    List<T> matches = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matches).as(type.getSimpleName()).hasSize(1);
    return matches.get(0);
  }

  private static <T extends HasMetadata> T named(Class<T> type, String name) {
    return resources.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(resource -> name.equals(resource.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
  }

  private static Container container(PodSpec pod) {
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(env -> name.equals(env.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  private static Volume volumeMountedAt(PodSpec pod, Container container, String mountPath) {
    VolumeMount mount = container.getVolumeMounts().stream()
        .filter(m -> mountPath.equals(m.getMountPath()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    return pod.getVolumes().stream()
        .filter(v -> mount.getName().equals(v.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
  }
}
