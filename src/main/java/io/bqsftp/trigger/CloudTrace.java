package io.bqsftp.trigger;

import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Trace a request belongs to, from the headers Cloud Run adds: W3C {@code traceparent}
 * ({@code 00-TRACE-SPAN-01}) or {@code X-Cloud-Trace-Context} ({@code TRACE/SPAN;o=1}), as Cloud
 * Logging's {@code projects/P/traces/T}. The headers are untrusted: only a 32-hex trace id counts.
 */
final class CloudTrace {
  static final String TRACEPARENT = "traceparent";
  static final String CLOUD_TRACE_CONTEXT = "X-Cloud-Trace-Context";

  private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final Pattern CLOUD = Pattern.compile("([0-9a-fA-F]{32})(?:/.*)?");
  private static final String NO_TRACE = "0".repeat(32);

  private CloudTrace() {}

  /** The trace of {@code request} in {@code project}; empty without a project or a valid header. */
  static Optional<String> of(Optional<String> project, HttpServerRequest request) {
    return project.flatMap(p -> traceId(request.getHeader(TRACEPARENT), request.getHeader(CLOUD_TRACE_CONTEXT))
        .map(id -> "projects/" + p + "/traces/" + id));
  }

  static Optional<String> traceId(String traceparent, String cloudTraceContext) {
    Optional<String> w3c = match(W3C, traceparent);
    return w3c.isPresent() ? w3c : match(CLOUD, cloudTraceContext);
  }

  private static Optional<String> match(Pattern pattern, String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = pattern.matcher(header.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String id = m.group(1).toLowerCase();
    return id.equals(NO_TRACE) ? Optional.empty() : Optional.of(id);
  }
}
