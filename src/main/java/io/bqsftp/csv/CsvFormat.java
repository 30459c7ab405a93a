package io.bqsftp.csv;

/** The CSV dialect of one export: BigQuery's defaults are a comma and a header line. */
public record CsvFormat(char delimiter, boolean printHeader) {
  public static final CsvFormat BIGQUERY_DEFAULT = new CsvFormat(',', true);
}
