package io.bqsftp.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ExportConfig;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FileNamingTest {
  private final LocalDate date = LocalDate.of(2025, 3, 17);

  @Test
  void defaultTemplateGivesTheSeedPartnersNames() {
    var naming = new FileNaming(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "product_data", date, true);
    assertThat(naming.name(0)).isEqualTo("product_data_20250317-000000000000.csv.gz");
    assertThat(naming.name(12)).isEqualTo("product_data_20250317-000000000012.csv.gz");
  }

  @Test
  void uncompressedFilesAreCsv() {
    var naming = new FileNaming(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "customers", date, false);
    assertThat(naming.name(1)).isEqualTo("customers_20250317-000000000001.csv");
  }

  @Test
  void customTemplate() {
    var naming = new FileNaming("{date}_{export_name}.{part}.{ext}", "x", date, true);
    assertThat(naming.name(3)).isEqualTo("20250317_x.000000000003.csv.gz");
  }
}
