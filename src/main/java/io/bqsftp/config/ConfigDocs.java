package io.bqsftp.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the reference tables of docs/configuration.md from {@link ConfigDef}, between two marker
 * lines, so the hand-written prose around them stays. A test fails when the file is stale.
 *
 * <p>Run {@code java -cp target/classes:... io.bqsftp.config.ConfigDocs docs/configuration.md} to
 * update the file in place, or without arguments to print the tables.
 */
public final class ConfigDocs {
  public static final String BEGIN = "<!-- BEGIN GENERATED: io.bqsftp.config.ConfigDocs -->";
  public static final String END = "<!-- END GENERATED -->";

  private ConfigDocs() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print(reference());
      return;
    }
    for (String arg : args) {
      Path file = Path.of(arg);
      Files.writeString(file, updated(Files.readString(file, StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8);
      System.out.println("updated " + file);
    }
  }

  /** The document with its generated section replaced by the current reference. */
  public static String updated(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("missing " + BEGIN + " ... " + END + " markers");
    }
    return document.substring(0, begin + BEGIN.length()) + "\n" + reference()
        + document.substring(end);
  }

  /** The generated Markdown: key tables, then the environment variables. */
  public static String reference() {
    var sb = new StringBuilder();
    sb.append("\n### Service keys\n\n");
    keyTable(sb, ConfigDef.SERVICE_KEYS);
    sb.append("\n### Export keys (one object per export under `exports`)\n\n");
    keyTable(sb, ConfigDef.EXPORT_KEYS);
    sb.append("\n### Environment variables\n\n");
    sb.append("Environment variables override the file. Empty variables count as unset.\n\n");
    sb.append("| Variable | Sets | Note |\n|---|---|---|\n");
    sb.append("| `").append(ConfigLoader.CONFIG_PATH_ENV)
        .append("` | the config file | used when `--config` is not given |\n");
    for (List<ConfigKey<?>> keys : List.of(ConfigDef.SERVICE_KEYS, ConfigDef.EXPORT_KEYS)) {
      for (ConfigKey<?> key : keys) {
        if (key.envVar().isEmpty()) {
          continue;
        }
        String env = key.envVar().get();
        sb.append("| `").append(env).append("` | `").append(key.path()).append("` | ")
            .append(key.isSecret() ? "secret" : "").append(" |\n");
        if (key.fileEnvVariant()) {
          sb.append("| `").append(env).append("_FILE` | `").append(key.path())
              .append("` | path of a file holding the secret (content trimmed); not with `")
              .append(env).append("` |\n");
        }
      }
    }
    sb.append('\n');
    return sb.toString();
  }

  private static void keyTable(StringBuilder sb, List<ConfigKey<?>> keys) {
    sb.append("| Key | Type | Default | Valid values | Env | Description |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (ConfigKey<?> key : keys) {
      String valid = key.type().rule()
          .or(() -> key.validator().map(Validator::describe))
          .orElse("");
      sb.append("| `").append(key.path()).append("` | ").append(key.type().docName())
          .append(" | ").append(key.defaultForDocs())
          .append(" | ").append(escape(valid))
          .append(" | ").append(key.envVar().map(e -> "`" + e + "`").orElse(""))
          .append(" | ").append(escape(key.doc())).append(" |\n");
    }
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
