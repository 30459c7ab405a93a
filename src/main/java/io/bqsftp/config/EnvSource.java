package io.bqsftp.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Environment overrides. Empty variables count as unset (docker-compose passes {@code VAR=} for
 * undefined ones). {@code <VAR>_FILE} names a file holding a secret (Docker/Kubernetes secret
 * mounts); its content is trimmed.
 */
final class EnvSource {

  /** A value and where it came from, for error messages ({@code SFTP_PASSWORD_FILE}). */
  record Value(String text, String origin) {}

  private final Map<String, String> env;
  private final Problems problems;

  EnvSource(Map<String, String> env, Problems problems) {
    this.env = Map.copyOf(env);
    this.problems = problems;
  }

  Optional<Value> lookup(ConfigKey<?> key) {
    if (key.envVar().isEmpty()) {
      return Optional.empty();
    }
    String name = key.envVar().get();
    Optional<String> direct = get(name);
    if (!key.fileEnvVariant()) {
      return direct.map(v -> new Value(v, name));
    }
    String fileVar = name + "_FILE";
    Optional<String> file = get(fileVar);
    if (direct.isPresent() && file.isPresent()) {
      problems.add(key.path(), "set only one of " + name + " and " + fileVar);
      return Optional.empty();
    }
    if (file.isEmpty()) {
      return direct.map(v -> new Value(v, name));
    }
    return readSecretFile(key, fileVar, Path.of(file.get())).map(v -> new Value(v, fileVar));
  }

  /** Whether a variable for the key is set, even if its value turns out to be unusable. */
  boolean isSet(ConfigKey<?> key) {
    return key.envVar().map(name -> get(name).isPresent()
        || (key.fileEnvVariant() && get(name + "_FILE").isPresent())).orElse(false);
  }

  Optional<String> get(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private Optional<String> readSecretFile(ConfigKey<?> key, String fileVar, Path file) {
    String where = key.path() + " (from " + fileVar + ")";
    try {
      String content = Files.readString(file).strip();
      if (content.isEmpty()) {
        problems.add(where, "file " + file + " is empty");
        return Optional.empty();
      }
      return Optional.of(content);
    } catch (NoSuchFileException e) {
      problems.add(where, "file " + file + " does not exist");
    } catch (IOException | RuntimeException e) {
      // The exception text names the file, never its content.
      problems.add(where, "cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }
}
