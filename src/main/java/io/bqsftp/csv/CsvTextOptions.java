package io.bqsftp.csv;

/**
 * Value-text choices where the public evidence leaves room, for a partner who expects something
 * else than the default. {@link #BIGQUERY_DEFAULT} is what BigQuery itself is seen to write.
 *
 * @param intervalFractionInGroupsOfThree INTERVAL seconds fraction in groups of three digits as
 *     GoogleSQL's canonical text does ({@code 0:0:6.500}); false trims every trailing zero
 *     ({@code 0:0:6.5})
 * @param int64AsJsonString INT64 inside ARRAY/STRUCT JSON as a string ({@code "1"}), as BigQuery's
 *     JSON export does to keep 64-bit precision; false writes a bare number
 */
public record CsvTextOptions(boolean intervalFractionInGroupsOfThree, boolean int64AsJsonString) {
  public static final CsvTextOptions BIGQUERY_DEFAULT = new CsvTextOptions(true, true);
}
