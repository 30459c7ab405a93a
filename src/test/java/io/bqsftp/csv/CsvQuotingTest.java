package io.bqsftp.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** In-place quoting against the RFC 4180 rule written with Strings, on random short values. */
class CsvQuotingTest {
  private static final String[] PIECES = {"a", "#", "!", "7", "\"", ",", ";", "\n", "\r", "é", "東", "::"};

  @Test
  void matchesTheStringRuleForEveryLengthAcrossTheEightByteSteps() {
    SplittableRandom random = new SplittableRandom(3);
    for (char delimiter : new char[] {',', ';', '東'}) {
      CsvQuoting quoting = new CsvQuoting(delimiter);
      for (int i = 0; i < 20_000; i++) {
        StringBuilder value = new StringBuilder();
        int pieces = random.nextInt(30);
        // Mostly plain text, sometimes dense in quotes (JSON-like), sometimes nothing but quotes.
        int quoteOdds = random.nextInt(3) == 0 ? 2 : 12;
        for (int k = 0; k < pieces; k++) {
          value.append(random.nextInt(quoteOdds) == 0 ? "\"" : PIECES[random.nextInt(PIECES.length)]);
        }
        String prefix = "x".repeat(random.nextInt(3));
        assertThat(quoted(quoting, prefix, value.toString()))
            .as("delimiter %s, value %s", delimiter, value)
            .isEqualTo(prefix + expected(value.toString(), delimiter));
      }
    }
  }

  private static String quoted(CsvQuoting quoting, String prefix, String value) {
    TextBuffer out = new TextBuffer(4); // small: quoting must grow the buffer
    out.write(prefix.getBytes(StandardCharsets.UTF_8));
    int start = out.size();
    out.write(value.getBytes(StandardCharsets.UTF_8));
    quoting.quoteIfNeeded(out, start);
    return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
  }

  private static String expected(String value, char delimiter) {
    boolean quote = value.indexOf(delimiter) >= 0 || value.contains("\"")
        || value.contains("\n") || value.contains("\r");
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
