package io.bqsftp.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * A typical 13-column order table as a {@code bq show --schema} file and {@code bq load}-style
 * JSON lines: ids, SKU, product name, quantity, NUMERIC price, FLOAT64 discount, BOOL, TIMESTAMP,
 * DATE, status, country, email and nullable free-text notes (some needing CSV quotes).
 */
public final class BenchOrderTable {
  public static final String SCHEMA = """
      [
        {"name": "order_id", "type": "INTEGER", "mode": "REQUIRED"},
        {"name": "customer_id", "type": "INTEGER", "mode": "REQUIRED"},
        {"name": "sku", "type": "STRING", "mode": "REQUIRED"},
        {"name": "product_name", "type": "STRING", "mode": "NULLABLE"},
        {"name": "quantity", "type": "INTEGER", "mode": "NULLABLE"},
        {"name": "unit_price", "type": "NUMERIC", "mode": "NULLABLE"},
        {"name": "discount", "type": "FLOAT", "mode": "NULLABLE"},
        {"name": "is_gift", "type": "BOOLEAN", "mode": "NULLABLE"},
        {"name": "created_at", "type": "TIMESTAMP", "mode": "NULLABLE"},
        {"name": "ship_date", "type": "DATE", "mode": "NULLABLE"},
        {"name": "status", "type": "STRING", "mode": "NULLABLE"},
        {"name": "country", "type": "STRING", "mode": "NULLABLE"},
        {"name": "notes", "type": "STRING", "mode": "NULLABLE"}
      ]
      """;

  private static final String[] PRODUCTS = {"Wireless Mouse", "USB-C Cable 2m", "Mechanical Keyboard",
      "27\\\" Monitor", "Laptop Stand", "Noise Cancelling Headphones", "Webcam HD", "Desk Lamp",
      "Ergonomic Chair", "Phone Case, Black"};
  private static final String[] STATUSES = {"PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"};
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "NL", "JP", "BR", "CA"};
  private static final String[] NOTES = {"leave at door", "gift wrap, please", "call before delivery",
      "fragile", "second attempt"};
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'");

  private BenchOrderTable() {}

  /** Writes {@code schema.json} and {@code rows.jsonl} into {@code dir}; the same rows every time. */
  public static void write(Path dir, long rows) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("schema.json"), SCHEMA);
    SplittableRandom random = new SplittableRandom(42);
    LocalDate firstDay = LocalDate.of(2025, 1, 1);
    long firstSecond = firstDay.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("rows.jsonl"), StandardCharsets.UTF_8)) {
      for (long i = 0; i < rows; i++) {
        long second = firstSecond + random.nextLong(365L * 86_400);
        var created = java.time.LocalDateTime.ofEpochSecond(second, random.nextInt(1_000_000) * 1000, ZoneOffset.UTC);
        StringBuilder row = new StringBuilder(256);
        row.append("{\"order_id\":").append(10_000_000 + i)
            .append(",\"customer_id\":").append(random.nextLong(1, 5_000_000))
            .append(",\"sku\":\"SKU-").append(100_000 + random.nextInt(900_000)).append('"')
            .append(",\"product_name\":\"").append(PRODUCTS[random.nextInt(PRODUCTS.length)]).append('"')
            .append(",\"quantity\":").append(1 + random.nextInt(9))
            .append(",\"unit_price\":\"").append(random.nextInt(100_000) / 100).append('.')
            .append(String.format("%02d", random.nextInt(100))).append('"')
            .append(",\"discount\":").append(random.nextInt(4) == 0 ? "0.15" : random.nextInt(3) == 0 ? "0.05" : "0")
            .append(",\"is_gift\":").append(random.nextInt(10) == 0)
            .append(",\"created_at\":\"").append(TS.format(created)).append('"')
            .append(",\"ship_date\":\"").append(created.toLocalDate().plusDays(random.nextInt(7))).append('"')
            .append(",\"status\":\"").append(STATUSES[random.nextInt(STATUSES.length)]).append('"')
            .append(",\"country\":\"").append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append('"')
            .append(",\"notes\":").append(random.nextInt(3) == 0 ? '"' + NOTES[random.nextInt(NOTES.length)] + '"' : "null")
            .append("}\n");
        out.write(row.toString());
      }
    }
  }

  /** {@code java -cp ... io.bqsftp.cli.BenchOrderTable DIR ROWS}: the files for {@code bench --schema --rows-file}. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), Long.parseLong(args[1]));
  }
}
