package io.bqsftp.csv;

/**
 * Proleptic Gregorian dates and times of day written digit by digit: DateTimeFormatter costs
 * ~500 ns a value, this a few tens. Days are counted from 1970-01-01, times in microseconds.
 */
final class CivilText {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private CivilText() {}

  /**
   * {@code YYYY-MM-DD}. The day count is shifted to an era starting on 0000-03-01 so that leap
   * days fall at the end of a year; each 400-year era has 146097 days.
   */
  static void writeDate(long epochDay, TextBuffer out) {
    long shifted = epochDay + 719_468; // days from 0000-03-01 to 1970-01-01
    long era = Math.floorDiv(shifted, 146_097);
    long dayOfEra = shifted - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long marchBasedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * marchBasedMonth + 2) / 5 + 1);
    int month = (int) (marchBasedMonth < 10 ? marchBasedMonth + 3 : marchBasedMonth - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0) {
      out.writeByte('-'); // never in BigQuery data, but keeps the text unambiguous
      year = -year;
    }
    out.writePadded(year, 4);
    out.writeByte('-');
    out.write2Digits(month);
    out.writeByte('-');
    out.write2Digits(day);
  }

  /** {@code HH:MM:SS} plus the trimmed microsecond fraction, for 0 <= micros < one day. */
  static void writeTimeOfDay(long microsOfDay, TextBuffer out) {
    long seconds = microsOfDay / MICROS_PER_SECOND;
    out.write2Digits((int) (seconds / 3600));
    out.writeByte(':');
    out.write2Digits((int) (seconds / 60 % 60));
    out.writeByte(':');
    out.write2Digits((int) (seconds % 60));
    out.writeTrimmedFraction(microsOfDay % MICROS_PER_SECOND, 6);
  }

  /** Date, separator, time of day for microseconds since the epoch (UTC or civil). */
  static void writeDateTime(long epochMicros, char separator, TextBuffer out) {
    writeDate(Math.floorDiv(epochMicros, MICROS_PER_DAY), out);
    out.writeByte(separator);
    writeTimeOfDay(Math.floorMod(epochMicros, MICROS_PER_DAY), out);
  }
}
