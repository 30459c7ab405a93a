package io.bqsftp.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %mask(...)} for the text format: masks whatever the nested pattern renders, message and
 * stack trace included, so one wrapper covers the whole line.
 */
public final class MaskingConverter extends CompositeConverter<ILoggingEvent> {

  @Override
  protected String transform(ILoggingEvent event, String in) {
    return SecretMasking.mask(in);
  }
}
