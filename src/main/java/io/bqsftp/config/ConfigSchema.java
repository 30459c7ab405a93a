package io.bqsftp.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes conf/config.schema.json, a JSON Schema (draft 2020-12) of the config file, from the same
 * {@link ConfigDef} definitions as the reference tables ({@link ConfigDocs}): every key with its
 * type, default, rule and description. Editors use it for completion and checks through the
 * {@code "$schema"} key of conf/config.json; a test keeps the file in sync.
 *
 * <p>Run {@code java -cp target/classes:... io.bqsftp.config.ConfigSchema conf/config.schema.json}
 * to rewrite the file, or without arguments to print it.
 *
 * <p>Keys that an environment variable can set (SFTP_HOST, ...) are not {@code required} here: a
 * file may leave them to the environment. The loader's own checks stay the authority.
 */
public final class ConfigSchema {
  /** The key naming the schema in a config file; the loader ignores it. */
  public static final String SCHEMA_KEY = "$schema";
  static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private ConfigSchema() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print(text());
      return;
    }
    Path file = Path.of(args[0]);
    Files.writeString(file, text(), StandardCharsets.UTF_8);
    System.out.println("updated " + file);
  }

  /** The schema as the committed file holds it (pretty-printed, ending with a newline). */
  public static String text() {
    return schema().encodePrettily() + "\n";
  }

  public static JsonObject schema() {
    JsonObject root = section();
    root.getJsonObject("properties").put(SCHEMA_KEY, new JsonObject().put("type", "string")
        .put("description", "Where this schema is (editors use it); ignored by the service."));
    for (ConfigKey<?> key : ConfigDef.SERVICE_KEYS) {
      add(root, key.path().split("\\."), key);
    }
    JsonObject export = section();
    for (ConfigKey<?> key : ConfigDef.EXPORT_KEYS) {
      add(export, key.relativePath().split("\\."), key);
    }
    export.put("description", "One export: which table, how, and where its files go.");
    root.getJsonObject("properties").put("exports", new JsonObject()
        .put("type", "object")
        .put("description", "Export name to its settings; the name is used in file names and URLs.")
        .put("propertyNames", new JsonObject().put("pattern", "^" + ConfigDef.EXPORT_NAME_RULE + "$"))
        .put("additionalProperties", new JsonObject().put("$ref", "#/$defs/export")));
    JsonObject schema = new JsonObject()
        .put("$schema", DIALECT)
        .put("title", "bq-sftp-export configuration")
        .put("description", "Generated from io.bqsftp.config.ConfigDef by io.bqsftp.config.ConfigSchema;"
            + " do not edit. Reference: docs/configuration.md.");
    root.forEach(e -> schema.put(e.getKey(), e.getValue()));
    return withoutEmptyRequired(schema.put("$defs", new JsonObject().put("export", export)));
  }

  private static JsonObject section() {
    return new JsonObject()
        .put("type", "object")
        .put("additionalProperties", false)
        .put("properties", new JsonObject())
        .put("required", new JsonArray());
  }

  /** Adds {@code key} under its dotted path, creating the sections on the way. */
  private static void add(JsonObject section, String[] path, ConfigKey<?> key) {
    JsonObject current = section;
    for (int i = 0; i < path.length - 1; i++) {
      JsonObject properties = current.getJsonObject("properties");
      if (!properties.containsKey(path[i])) {
        properties.put(path[i], section());
      }
      current = properties.getJsonObject(path[i]);
    }
    String name = path[path.length - 1];
    current.getJsonObject("properties").put(name, property(key));
    if (key.required() && key.envVar().isEmpty()) {
      current.getJsonArray("required").add(name);
    }
  }

  /** Drops the empty {@code required} arrays the sections started with. */
  private static JsonObject withoutEmptyRequired(JsonObject node) {
    if (node.getValue("required") instanceof JsonArray required && required.isEmpty()) {
      node.remove("required");
    }
    node.forEach(e -> {
      if (e.getValue() instanceof JsonObject child) {
        withoutEmptyRequired(child);
      }
    });
    return node;
  }

  private static JsonObject property(ConfigKey<?> key) {
    JsonObject property = key.type().jsonSchema();
    key.validator().ifPresent(v -> v.schema().forEach(e -> property.put(e.getKey(), e.getValue())));
    StringBuilder description = new StringBuilder(key.doc());
    description.append(key.required() ? " Required." : " Default: " + plain(key.defaultForDocs()) + ".");
    key.envVar().ifPresent(env -> description.append(" Env: ").append(env)
        .append(key.fileEnvVariant() ? " (or " + env + "_FILE)" : "").append('.'));
    property.put("description", description.toString());
    key.defaultValue().ifPresent(d -> property.put("default", d instanceof Character c ? String.valueOf(c)
        : d instanceof Enum<?> e ? e.toString() : d));
    return property;
  }

  /** Reference-table Markdown ({@code `"x"`}) as plain text. */
  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }

  /** Every dotted key path the schema describes (tests). */
  static List<String> keyPaths() {
    return java.util.stream.Stream.concat(ConfigDef.SERVICE_KEYS.stream(), ConfigDef.EXPORT_KEYS.stream())
        .map(ConfigKey::path).toList();
  }
}
