package io.bqsftp.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, one line each, naming the full
 * field path ({@code sftp.port: must be a whole number (got "abc")}). Never contains secret values.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(format(problems), null, false, false); // no stack trace: the message is the whole story
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "Invalid configuration: " + problems.get(0);
    }
    var sb = new StringBuilder("Invalid configuration (" + problems.size() + " problems):");
    problems.forEach(p -> sb.append("\n  - ").append(p));
    return sb.toString();
  }
}
