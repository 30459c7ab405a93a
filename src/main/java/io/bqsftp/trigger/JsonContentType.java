package io.bqsftp.trigger;

import java.util.Locale;

/** Whether a Content-Type header names JSON ({@code application/json}, parameters allowed). */
final class JsonContentType {
  private JsonContentType() {}

  static boolean isJson(String header) {
    if (header == null) {
      return false;
    }
    int semicolon = header.indexOf(';');
    String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json");
  }
}
