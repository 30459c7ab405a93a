package io.bqsftp.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A private logback context configured from the production logback.xml (not a test override),
 * whose console appender writes into a buffer instead of stdout.
 */
final class LogCapture implements AutoCloseable {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  LogCapture(Map<String, String> properties) throws JoranException {
    context.setName("capture");
    // Share SLF4J's MDC so LogContext (which uses org.slf4j.MDC) feeds this context too.
    context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
    properties.forEach(context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL config = LogCapture.class.getClassLoader().getResource("logback.xml");
    if (config == null) {
      throw new IllegalStateException("logback.xml not on the classpath");
    }
    configurator.doConfigure(config);
    failOnProblems();
    var appender = (OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    if (appender == null) {
      throw new IllegalStateException("no CONSOLE appender on the root logger");
    }
    appender.setOutputStream(buffer);
  }

  org.slf4j.Logger logger(String name) {
    return context.getLogger(name);
  }

  LoggerContext context() {
    return context;
  }

  /** What was written so far; fails if an appender or encoder reported a problem. */
  String output() {
    failOnProblems();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private void failOnProblems() {
    List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
        .filter(status -> status.getLevel() >= Status.WARN)
        .toList();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("logback reported problems: " + problems);
    }
  }

  @Override
  public void close() {
    context.stop();
  }
}
