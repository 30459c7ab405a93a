package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * shellcheck over every shell script the project ships: scripts/, docker/, .ci/ and k8s/. Skipped, with
 * the reason, where shellcheck is not installed ({@code apt-get install -y shellcheck}); CI has it.
 */
class ScriptsShellcheckTest {

  private static final List<Path> SCRIPT_DIRS = List.of(Path.of("scripts"), Path.of("docker"), Path.of(".ci"), Path.of("k8s"));

  @Test
  void everyShellScriptIsShellcheckClean() throws Exception {
    assumeTrue(shellcheckAvailable(), "shellcheck is not installed (apt-get install -y shellcheck)");
    List<Path> scripts = shellScripts();
    assertThat(scripts).as("scripts found").extracting(Path::toString)
        .contains("scripts/setup_cloudrun.sh", "scripts/setup_cloudrun_job.sh", "scripts/setup_pubsub.sh",
            "scripts/setup_schedulers.sh", "k8s/trigger-run.sh");

    List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--format=gcc"));
    scripts.forEach(path -> command.add(path.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("shellcheck finished").isTrue();
    assertThat(output).as("shellcheck findings").isEmpty();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void setupScriptsAreStrictAndExecutable() throws IOException {
    for (String name : List.of("setup_cloudrun.sh", "setup_cloudrun_job.sh", "setup_pubsub.sh", "setup_schedulers.sh")) {
      Path script = Path.of("scripts", name);
      String text = Files.readString(script);
      assertThat(text).startsWith("#!/usr/bin/env bash").contains("set -euo pipefail", "PROJECT_ID:?");
      assertThat(Files.isExecutable(script)).as(name + " is executable").isTrue();
    }
  }

  static List<Path> shellScripts() throws IOException {
    List<Path> scripts = new ArrayList<>();
    for (Path dir : SCRIPT_DIRS) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(ScriptsShellcheckTest::isShellScript).sorted().forEach(scripts::add);
      }
    }
    return scripts;
  }

  private static boolean isShellScript(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".sh")) {
      return true;
    }
    try {
      String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      return first.startsWith("#!") && (first.contains("bash") || first.endsWith("/sh"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;  // binary or unreadable: not a script
    }
  }

  private static boolean shellcheckAvailable() {
    try {
      Process process = new ProcessBuilder("shellcheck", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
