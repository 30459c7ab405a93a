package io.bqsftp.config;

import java.util.Locale;

/**
 * What a run does when the export's folder already holds files under the part names of its export
 * and date (left by an earlier run, or by another producer). See docs/partner-options.md.
 */
public enum IfExists {
  /** Replace them: the new set becomes the visible one, older extra parts are removed (the default). */
  REPLACE,
  /** Fail before anything is renamed when any part of the export and date is in the folder. */
  FAIL,
  /** Keep every existing file: parts whose final name exists are not delivered, the rest are. */
  SKIP;

  /** The word the config uses: the constant's name in lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config word, as the reference and the schema show the default. */
  @Override
  public String toString() {
    return key();
  }
}
