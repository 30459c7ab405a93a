package io.bqsftp.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Deterministic CSV shaped like a BigQuery export: ids, counts, decimals, timestamps, short
 * codes and names. Same seed and size give the same bytes, so benchmark and tool runs compare.
 */
public final class CsvSample {
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "BR", "IN", "CA"};
  private static final String[] STATUSES = {"ACTIVE", "PENDING", "CLOSED", "REFUNDED"};
  private static final String[] WORDS = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"
  };

  private CsvSample() {}

  /** At least {@code size} bytes of whole rows, then cut to exactly {@code size}. */
  public static byte[] generate(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 256);
    StringBuilder row = new StringBuilder(256);
    long epochSecond = LocalDateTime.of(2024, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long id = 1_000_000;
    out.writeBytes("order_id,customer_id,quantity,amount,created_at,country,status,product,note,flag\n"
        .getBytes(StandardCharsets.US_ASCII));
    while (out.size() < size) {
      row.setLength(0);
      id += 1 + random.nextInt(3);
      epochSecond += random.nextInt(5);
      row.append(id).append(',')
          .append(random.nextLong(10_000_000_000L)).append(',')
          .append(random.nextInt(1, 50)).append(',')
          .append(random.nextInt(100_000)).append('.').append(twoDigits(random.nextInt(100))).append(',')
          .append(LocalDateTime.ofEpochSecond(epochSecond, random.nextInt(1_000_000) * 1000, ZoneOffset.UTC))
          .append(" UTC,")
          .append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append(',')
          .append(STATUSES[random.nextInt(STATUSES.length)]).append(',')
          .append(WORDS[random.nextInt(WORDS.length)]).append('-').append(random.nextInt(1000)).append(',')
          .append('"').append(WORDS[random.nextInt(WORDS.length)]).append(' ')
          .append(WORDS[random.nextInt(WORDS.length)]).append('"').append(',')
          .append(random.nextBoolean()).append('\n');
      out.writeBytes(row.toString().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] all = out.toByteArray();
    return all.length == size ? all : java.util.Arrays.copyOf(all, size);
  }

  private static String twoDigits(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  /** Writes a sample to a file, for timing command-line tools on the same bytes. */
  public static void main(String[] args) throws Exception {
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    java.nio.file.Files.write(java.nio.file.Path.of(args[0]), generate(mib << 20, 42));
  }
}
