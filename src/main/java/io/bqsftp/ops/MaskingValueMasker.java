package io.bqsftp.ops;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * Applies {@link SecretMasking} to every string the JSON encoder writes: message, stack trace, MDC
 * and arguments alike. Registered in logback.xml through {@code MaskingJsonGeneratorDecorator}.
 */
public final class MaskingValueMasker implements ValueMasker {

  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (value instanceof CharSequence text) {
      String original = text.toString();
      String masked = SecretMasking.mask(original);
      // Returning null tells the decorator to keep the value as it was.
      return masked.equals(original) ? null : masked;
    }
    return null;
  }
}
