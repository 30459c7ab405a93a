package io.bqsftp.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;
import net.logstash.logback.composite.JsonWritingUtils;

/**
 * Writes Cloud Logging's {@code severity} field. Logback says {@code WARN} and {@code TRACE};
 * Cloud Logging knows {@code WARNING} and {@code DEBUG}, so the level is translated, not copied.
 */
public final class SeverityJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public static final String FIELD_SEVERITY = "severity";

  public SeverityJsonProvider() {
    setFieldName(FIELD_SEVERITY);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    JsonWritingUtils.writeStringField(generator, getFieldName(), severity(event.getLevel()));
  }

  static String severity(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "ERROR";
      case Level.WARN_INT -> "WARNING";
      case Level.INFO_INT -> "INFO";
      case Level.DEBUG_INT, Level.TRACE_INT -> "DEBUG";
      default -> "DEFAULT";
    };
  }
}
