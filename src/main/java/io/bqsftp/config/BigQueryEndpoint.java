package io.bqsftp.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** A parsed {@code bigquery.endpoint} ({@code host:port}); loopback hosts default to plaintext. */
public record BigQueryEndpoint(String host, int port) {
  private static final Pattern FORM =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,5})");

  public static Optional<BigQueryEndpoint> parse(String text) {
    var m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return Optional.of(new BigQueryEndpoint(host, port));
  }

  /** The embedded server of demo and tests listens here, without TLS or credentials. */
  public boolean isLoopback() {
    return host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("::1");
  }
}
