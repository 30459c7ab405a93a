package io.bqsftp.config;

import java.util.Optional;

/**
 * One setting, declared once: where it lives in the JSON file, its type, default, rule, doc line
 * and optional environment override. Parsing, error messages and the reference table all read it.
 *
 * <p>Paths of per-export settings start with {@code exports.<name>.}.
 */
public final class ConfigKey<T> {
  public static final String EXPORT_PREFIX = "exports.<name>.";

  private final String path;
  private final ValueType<T> type;
  private final T defaultValue;
  private final String defaultDoc;
  private final boolean required;
  private final Validator<? super T> validator;
  private final String envVar;
  private final boolean fileEnvVariant;
  private final String doc;

  private ConfigKey(Builder<T> b) {
    this.path = b.path;
    this.type = b.type;
    this.defaultValue = b.defaultValue;
    this.defaultDoc = b.defaultDoc;
    this.required = b.required;
    this.validator = b.validator;
    this.envVar = b.envVar;
    this.fileEnvVariant = b.fileEnvVariant;
    this.doc = b.doc;
  }

  public static <T> Builder<T> define(String path, ValueType<T> type) {
    return new Builder<>(path, type);
  }

  /** Full dotted path, e.g. {@code sftp.port} or {@code exports.<name>.compress}. */
  public String path() {
    return path;
  }

  public boolean isExportKey() {
    return path.startsWith(EXPORT_PREFIX);
  }

  /** The path below its scope: {@code sftp.port}, or {@code compress} for an export key. */
  String relativePath() {
    return isExportKey() ? path.substring(EXPORT_PREFIX.length()) : path;
  }

  /** The path for one export: {@code exports.product_data.compress}. */
  String pathFor(String exportName) {
    return isExportKey() ? "exports." + exportName + "." + relativePath() : path;
  }

  public ValueType<T> type() {
    return type;
  }

  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public boolean required() {
    return required;
  }

  public Optional<Validator<? super T>> validator() {
    return Optional.ofNullable(validator);
  }

  public Optional<String> envVar() {
    return Optional.ofNullable(envVar);
  }

  /** Whether {@code <ENV>_FILE} may name a file holding the value (for mounted secrets). */
  public boolean fileEnvVariant() {
    return fileEnvVariant;
  }

  public boolean isSecret() {
    return type == ValueType.SECRET;
  }

  public String doc() {
    return doc;
  }

  /** The default as shown in the reference. */
  public String defaultForDocs() {
    if (defaultDoc != null) {
      return defaultDoc;
    }
    if (required) {
      return "required";
    }
    if (defaultValue == null) {
      return "not set";
    }
    if (defaultValue instanceof Character c) {
      return c == '\t' ? "`\"\\t\"`" : "`\"" + c + "\"`";
    }
    if (defaultValue instanceof String s) {
      return "`\"" + s + "\"`";
    }
    return "`" + defaultValue + "`";
  }

  @Override
  public String toString() {
    return path;
  }

  /** Fluent declaration; see {@link ConfigDef}. */
  public static final class Builder<T> {
    private final String path;
    private final ValueType<T> type;
    private T defaultValue;
    private String defaultDoc;
    private boolean required;
    private Validator<? super T> validator;
    private String envVar;
    private boolean fileEnvVariant;
    private String doc = "";

    private Builder(String path, ValueType<T> type) {
      this.path = path;
      this.type = type;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /** For defaults computed from other settings: how the reference describes them. */
    public Builder<T> defaultDoc(String text) {
      this.defaultDoc = text;
      return this;
    }

    public Builder<T> required() {
      this.required = true;
      return this;
    }

    public Builder<T> validator(Validator<? super T> validator) {
      this.validator = validator;
      return this;
    }

    public Builder<T> env(String name) {
      this.envVar = name;
      return this;
    }

    /** Also read {@code <name>_FILE}: a file whose trimmed content is the value. */
    public Builder<T> envWithFile(String name) {
      this.envVar = name;
      this.fileEnvVariant = true;
      return this;
    }

    public ConfigKey<T> doc(String doc) {
      this.doc = doc;
      return new ConfigKey<>(this);
    }
  }
}
