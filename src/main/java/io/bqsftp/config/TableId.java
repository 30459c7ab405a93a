package io.bqsftp.config;

import java.util.regex.Pattern;

/** A BigQuery table named {@code project.dataset.table}. */
public record TableId(String project, String dataset, String table) {
  /** {@code project.dataset.table}, as a regular expression (also in conf/config.schema.json). */
  public static final String REGEX = "([a-z][a-z0-9.:-]{0,62}[a-z0-9])\\.([A-Za-z0-9_]{1,1024})\\.([\\p{L}\\p{N}_ -]{1,1024})";
  private static final Pattern FORM = Pattern.compile(REGEX);

  public static boolean isValid(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  public static TableId parse(String text) {
    var m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("must look like project.dataset.table");
    }
    return new TableId(m.group(1), m.group(2), m.group(3));
  }

  /** The Storage Read API's resource name. */
  public String resourceName() {
    return "projects/" + project + "/datasets/" + dataset + "/tables/" + table;
  }

  @Override
  public String toString() {
    return project + "." + dataset + "." + table;
  }
}
