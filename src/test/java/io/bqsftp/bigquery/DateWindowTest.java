package io.bqsftp.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

class DateWindowTest {
  private final LocalDate runDate = LocalDate.of(2025, 3, 17);

  @Test
  void windowEndsOnTheRequestedDateNotToday() {
    DateWindow window = DateWindow.lookback(runDate, 30);
    assertThat(window.first()).isEqualTo(LocalDate.of(2025, 2, 15));
    assertThat(window.last()).isEqualTo(runDate);
  }

  @Test
  void zeroLookbackIsTheRunDateAlone() {
    assertThat(DateWindow.lookback(runDate, 0).rowRestriction("d", DateColumnType.DATE))
        .isEqualTo("`d` >= DATE '2025-03-17' AND `d` < DATE '2025-03-18'");
  }

  @Test
  void literalsMatchTheColumnType() {
    DateWindow window = DateWindow.lookback(runDate, 1);
    assertThat(window.rowRestriction("modified_date", DateColumnType.DATE))
        .isEqualTo("`modified_date` >= DATE '2025-03-16' AND `modified_date` < DATE '2025-03-18'");
    assertThat(window.rowRestriction("dt", DateColumnType.DATETIME))
        .isEqualTo("`dt` >= DATETIME '2025-03-16 00:00:00' AND `dt` < DATETIME '2025-03-18 00:00:00'");
    assertThat(window.rowRestriction("ts", DateColumnType.TIMESTAMP))
        .isEqualTo("`ts` >= TIMESTAMP '2025-03-16 00:00:00 UTC' AND `ts` < TIMESTAMP '2025-03-18 00:00:00 UTC'");
  }

  @Test
  void theLastDayBigQueryHasEndsOnItsLastInstantNotOnADayAfterIt() {
    DateWindow window = DateWindow.lookback(LocalDate.of(9999, 12, 31), 0);
    assertThat(window.rowRestriction("d", DateColumnType.DATE))
        .isEqualTo("`d` >= DATE '9999-12-31' AND `d` <= DATE '9999-12-31'");
    assertThat(window.rowRestriction("ts", DateColumnType.TIMESTAMP))
        .isEqualTo("`ts` >= TIMESTAMP '9999-12-31 00:00:00 UTC' AND `ts` <= TIMESTAMP '9999-12-31 23:59:59.999999 UTC'");
  }

  @Test
  void columnTypeComesFromTheArrowField() {
    assertThat(DateColumnType.of(field(new ArrowType.Date(DateUnit.DAY), Map.of()))).isEqualTo(DateColumnType.DATE);
    assertThat(DateColumnType.of(field(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), Map.of())))
        .isEqualTo(DateColumnType.TIMESTAMP);
    assertThat(DateColumnType.of(field(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
            Map.of("ARROW:extension:name", "google:sqlType:datetime"))))
        .isEqualTo(DateColumnType.DATETIME);
    assertThatThrownBy(() -> DateColumnType.of(field(new ArrowType.Int(64, true), Map.of())))
        .hasMessageContaining("date_column c")
        .hasMessageContaining("DATE, DATETIME or TIMESTAMP");
  }

  private static Field field(ArrowType type, Map<String, String> metadata) {
    return new Field("c", new FieldType(true, type, null, metadata), null);
  }
}
