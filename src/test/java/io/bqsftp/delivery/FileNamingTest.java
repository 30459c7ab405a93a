package io.bqsftp.delivery;

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
  void recognisesItsOwnPartsOnly() {
    var naming = new FileNaming(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "product_data", date, true);
    assertThat(naming.isPart("product_data_20250317-000000000000.csv.gz")).isTrue();
    assertThat(naming.isPart("product_data_20250317-000000000123.csv.gz")).isTrue();
    assertThat(naming.isPart("product_data_20250316-000000000000.csv.gz")).as("other date").isFalse();
    assertThat(naming.isPart("product_data_20250317-000000000000.csv")).as("other extension").isFalse();
    assertThat(naming.isPart("product_data_20250317-0000000000001.csv.gz")).as("13 digits").isFalse();
    assertThat(naming.isPart("xproduct_data_20250317-000000000000.csv.gz")).isFalse();
    assertThat(naming.isPart(".product_data_20250317-000000000000.csv.gz.1a2b.part")).as("temp file").isFalse();
    var dotted = new FileNaming("{export_name}.{date}.{part}.{ext}", "a", date, false);
    assertThat(dotted.isPart("a.20250317.000000000004.csv")).isTrue();
    assertThat(dotted.isPart("aX20250317X000000000004Xcsv")).as("dots are literal").isFalse();
  }

  @Test
  void recognisesTheHiddenTempNamesOfItsUploads() {
    var naming = new FileNaming(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "product_data", date, true);
    assertThat(naming.isTemp(".product_data_20250317-000000000003.csv.gz.0123456789ab.part")).isTrue();
    assertThat(naming.isTemp("product_data_20250317-000000000003.csv.gz.0123456789ab.part")).as("not hidden").isFalse();
    assertThat(naming.isTemp(".product_data_20250317-000000000003.csv.gz.0123456789a.part")).as("11 hex").isFalse();
    assertThat(naming.isTemp(".product_data_20250316-000000000003.csv.gz.0123456789ab.part")).as("other date").isFalse();
    assertThat(naming.isTemp("product_data_20250317-000000000003.csv.gz")).as("final name").isFalse();
    var hidden = new FileNaming(".{export_name}_{date}_{part}.{ext}", "a", date, false);
    assertThat(hidden.isTemp(".a_20250317_000000000000.csv.0123456789ab.part")).as("already hidden").isTrue();
  }

  @Test
  void customTemplate() {
    var naming = new FileNaming("{date}_{export_name}.{part}.{ext}", "x", date, true);
    assertThat(naming.name(3)).isEqualTo("20250317_x.000000000003.csv.gz");
  }
}
