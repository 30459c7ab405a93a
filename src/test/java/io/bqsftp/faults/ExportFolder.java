package io.bqsftp.faults;

import io.bqsftp.support.CsvFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The export's folder on the partner's disk (the sshd chroot is local to the tests), read directly
 * rather than over SFTP so that what is checked is what the server holds, hidden files included.
 */
final class ExportFolder {
  private final Path path;

  ExportFolder(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Every file with its hash; every visible part gunzipped and parsed to its ids. */
  Snapshot snapshot() throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return read();
      } catch (NoSuchFileException renamedMeanwhile) {
        if (attempt == 5) {
          throw renamedMeanwhile;
        }
      }
    }
  }

  private Snapshot read() throws IOException {
    Map<String, Snapshot.Entry> files = new TreeMap<>();
    if (!Files.isDirectory(path)) {
      return new Snapshot(files);
    }
    List<Path> listing;
    try (Stream<Path> list = Files.list(path)) {
      listing = list.filter(Files::isRegularFile).toList();
    }
    for (Path file : listing) {
      String name = file.getFileName().toString();
      byte[] content = Files.readAllBytes(file);
      var entry = new Snapshot.Entry(name, content.length, sha256(content), null, null);
      if (entry.part()) {
        entry = parse(entry, content);
      }
      files.put(name, entry);
    }
    return new Snapshot(files);
  }

  /** A visible part as a partner reads it: the gzip stream must end properly and every record parse. */
  private static Snapshot.Entry parse(Snapshot.Entry entry, byte[] content) {
    String text;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(content), 1 << 16)) {
      var out = new ByteArrayOutputStream(content.length * 3);
      in.transferTo(out);
      text = out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return broken(entry, "gzip: " + e.getMessage());
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      return broken(entry, "last record has no line end");
    }
    List<List<String>> records = CsvFiles.records(text, ',');
    if (records.isEmpty() || !records.get(0).equals(List.of("id", "payload"))) {
      return broken(entry, "no header line id,payload");
    }
    long[] ids = new long[records.size() - 1];
    for (int i = 1; i < records.size(); i++) {
      List<String> record = records.get(i);
      if (record.size() != 2 || record.get(1).length() != 48) {
        return broken(entry, "record " + i + " is not id,payload: " + record);
      }
      try {
        ids[i - 1] = Long.parseLong(record.get(0));
      } catch (NumberFormatException e) {
        return broken(entry, "record " + i + " has id " + record.get(0));
      }
    }
    return new Snapshot.Entry(entry.name(), entry.bytes(), entry.sha256(), ids, null);
  }

  private static Snapshot.Entry broken(Snapshot.Entry entry, String why) {
    return new Snapshot.Entry(entry.name(), entry.bytes(), entry.sha256(), null, why);
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
