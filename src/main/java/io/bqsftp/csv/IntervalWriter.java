package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;

/**
 * INTERVAL (Arrow MONTH_DAY_NANO) in GoogleSQL's canonical form {@code [-]Y-M [-]D [-]H:M:S[.F]}.
 * The three parts carry independent signs, as in GoogleSQL: the sign of the month count precedes
 * Y-M, the day count is a plain signed number and the sign of the time part precedes H. So 1 year
 * 2 months, 3 days, 4:05:06.5 all negative is {@code -1-2 -3 -4:5:6.500}. The fraction is written
 * in groups of three digits (milli, micro, nano) like GoogleSQL, or trimmed if configured.
 */
final class IntervalWriter extends ValueWriter {
  private static final int WIDTH = IntervalMonthDayNanoVector.TYPE_WIDTH;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final boolean fractionInGroupsOfThree;
  private ArrowBuf data;

  IntervalWriter(boolean fractionInGroupsOfThree) {
    this.fractionInGroupsOfThree = fractionInGroupsOfThree;
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    data = ((IntervalMonthDayNanoVector) vector).getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    long at = (long) index * WIDTH;
    int months = data.getInt(at);
    int days = data.getInt(at + 4);
    long nanos = data.getLong(at + 8);

    long absMonths = Math.abs((long) months);
    if (months < 0) {
      out.writeByte('-');
    }
    out.writeLong(absMonths / 12);
    out.writeByte('-');
    out.writeLong(absMonths % 12);
    out.writeByte(' ');
    out.writeLong(days);
    out.writeByte(' ');

    if (nanos < 0) {
      out.writeByte('-');
    }
    // Split before taking absolute values so that Long.MIN_VALUE cannot overflow.
    long seconds = Math.abs(nanos / NANOS_PER_SECOND);
    long fraction = Math.abs(nanos % NANOS_PER_SECOND);
    out.writeLong(seconds / 3600);
    out.writeByte(':');
    out.writeLong(seconds / 60 % 60);
    out.writeByte(':');
    out.writeLong(seconds % 60);
    if (fractionInGroupsOfThree) {
      writeFractionInGroups(fraction, out);
    } else {
      out.writeTrimmedFraction(fraction, 9);
    }
  }

  private static void writeFractionInGroups(long nanos, TextBuffer out) {
    if (nanos == 0) {
      return;
    }
    out.writeByte('.');
    out.writePadded(nanos / 1_000_000, 3);
    if (nanos % 1_000_000 != 0) {
      out.writePadded(nanos / 1000 % 1000, 3);
      if (nanos % 1000 != 0) {
        out.writePadded(nanos % 1000, 3);
      }
    }
  }

  @Override
  String alphabet() {
    return "- :.0123456789";
  }
}
