package io.bqsftp.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Where a part that could not be delivered waits for {@code retry}, so the retry never needs
 * BigQuery again. Objects are addressed by URI ({@code gs://...} or {@code file:/...}) as recorded in
 * the ledger, and laid out as {@code {export_name}/{YYYYMMDD}/{file}}.
 */
public interface Staging {

  /** Copies {@code source} to the staging area and returns its URI. Replaces an earlier copy. */
  String stage(String exportName, LocalDate runDate, String fileName, Path source) throws IOException;

  /** Opens a staged object for reading. */
  InputStream open(String uri) throws IOException;

  /** Removes a staged object once it landed; a missing object is not an error. */
  void delete(String uri) throws IOException;

  /** Whether the object is still staged. */
  boolean exists(String uri) throws IOException;

  /** The object name below the staging root: {@code export/YYYYMMDD/file}. */
  static String objectName(String exportName, LocalDate runDate, String fileName) {
    return exportName + "/" + runDate.format(DateTimeFormatter.BASIC_ISO_DATE) + "/" + fileName;
  }
}
