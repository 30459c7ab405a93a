package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault matrix's own checker: it must see partial parts, lost and duplicated rows. */
class ExportFolderTest {
  @TempDir Path dir;

  @Test
  void completeSetHasEveryRowOnce() throws Exception {
    part("x-000.csv.gz", gzip(csv(0, 60)));
    part("x-001.csv.gz", gzip(csv(60, 100)));
    Files.writeString(dir.resolve("x.done"), "");

    Snapshot snapshot = new ExportFolder(dir).snapshot();

    assertThat(snapshot.tally(100)).isEqualTo(new RowTally(100, 0, 0, 0));
    assertThat(snapshot.parts()).containsExactly("x-000.csv.gz", "x-001.csv.gz");
    assertThat(FaultRig.marker(snapshot)).contains("x.done");
  }

  @Test
  void countsLostAndDuplicatedRowsByIdAndSeesHiddenFiles() throws Exception {
    part("x-000.csv.gz", gzip(csv(0, 60)));
    part("x-001.csv.gz", gzip(csv(50, 90)));
    part(".x-002.csv.gz.0123456789ab.part", gzip(csv(90, 100)));

    Snapshot snapshot = new ExportFolder(dir).snapshot();

    assertThat(snapshot.tally(100)).isEqualTo(new RowTally(100, 10, 10, 0));
    assertThat(snapshot.hidden()).containsExactly(".x-002.csv.gz.0123456789ab.part");
  }

  @Test
  void truncatedGzipOrCutRecordIsPartial() throws Exception {
    byte[] whole = gzip(csv(0, 100));
    part("x-000.csv.gz", Arrays.copyOf(whole, whole.length - 20));
    String text = csv(100, 200);
    part("x-001.csv.gz", gzip(text.substring(0, text.length() - 10)));

    Snapshot snapshot = new ExportFolder(dir).snapshot();

    assertThat(snapshot.broken()).hasSize(2);
    assertThat(snapshot.broken().get(0)).startsWith("x-000.csv.gz: gzip");
    assertThat(snapshot.tally(200).partialFiles()).isEqualTo(2);
    assertThat(snapshot.tally(200).lost()).isEqualTo(200);
  }

  private void part(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
  }

  private static String csv(long from, long to) {
    return "id,payload\n" + LongStream.range(from, to)
        .mapToObj(id -> id + "," + "ab".repeat(24) + "\n").collect(Collectors.joining());
  }

  private static byte[] gzip(String text) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
