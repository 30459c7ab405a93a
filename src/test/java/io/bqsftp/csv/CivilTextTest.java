package io.bqsftp.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dates against java.time's ISO text. */
class CivilTextTest {

  private static String date(long epochDay) {
    TextBuffer out = new TextBuffer(16);
    CivilText.writeDate(epochDay, out);
    return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
  }

  @Test
  void everyDayFrom1600To2400AndRandomDaysOfYears1To9999() {
    long from = LocalDate.of(1600, 1, 1).toEpochDay();
    long to = LocalDate.of(2400, 12, 31).toEpochDay();
    for (long day = from; day <= to; day++) {
      assertThat(date(day)).isEqualTo(LocalDate.ofEpochDay(day).toString());
    }
    SplittableRandom random = new SplittableRandom(8);
    long first = LocalDate.of(1, 1, 1).toEpochDay();
    long last = LocalDate.of(9999, 12, 31).toEpochDay();
    for (int i = 0; i < 100_000; i++) {
      long day = random.nextLong(first, last + 1);
      assertThat(date(day)).isEqualTo(LocalDate.ofEpochDay(day).toString());
    }
    assertThat(date(first)).isEqualTo("0001-01-01");
    assertThat(date(last)).isEqualTo("9999-12-31");
  }

  @Test
  void yearsOutsideFourDigitsKeepSignAndAllDigits() {
    assertThat(date(LocalDate.of(10_000, 1, 1).toEpochDay())).isEqualTo("10000-01-01");
    assertThat(date(LocalDate.of(-5, 3, 1).toEpochDay())).isEqualTo("-0005-03-01");
    assertThat(date(LocalDate.of(0, 12, 31).toEpochDay())).isEqualTo("0000-12-31");
  }
}
