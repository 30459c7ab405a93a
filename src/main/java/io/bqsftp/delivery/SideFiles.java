package io.bqsftp.delivery;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.FileNameTemplate;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The names of an export's manifest and done marker for one run date, when configured. */
public record SideFiles(Optional<String> manifest, Optional<String> done) {

  public static SideFiles of(ExportConfig export, LocalDate runDate) {
    String date = runDate.format(DateTimeFormatter.BASIC_ISO_DATE);
    return new SideFiles(
        export.manifestFile().map(t -> FileNameTemplate.renderSideFile(t, export.name(), date)),
        export.doneFile().map(t -> FileNameTemplate.renderSideFile(t, export.name(), date)));
  }
}
