package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.local.EmbeddedSftpServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteFolderTest {
  @TempDir Path root;
  private EmbeddedSftpServer server;
  private SftpConnectionPool pool;

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedSftpServer().start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
    pool = new SftpConnectionPool(SftpTestSupport.config(server).build());
  }

  @AfterEach
  void stop() {
    pool.close();
    server.close();
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** Writes in a mix of single bytes, small pieces and pieces larger than a packet. */
  static void writeMixed(OutputStream out, byte[] data) throws Exception {
    int pos = 0;
    int[] sizes = {1, 7, 100, 40_000, 3, 200_000, 5_000};
    for (int i = 0; pos < data.length; i++) {
      int n = Math.min(sizes[i % sizes.length], data.length - pos);
      if (n == 1) {
        out.write(data[pos]);
      } else {
        out.write(data, pos, n);
      }
      pos += n;
    }
  }

  private List<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFolderRemovedSinceItWasMadeIsMadeAgainByTheNextUpload() throws Exception {
    RemoteFolder folder = new RemoteFolder(pool, "/out/gone");
    folder.writeReplacing("a.csv", "a".getBytes(StandardCharsets.UTF_8));
    Files.delete(root.resolve("out/gone/a.csv"));
    Files.delete(root.resolve("out/gone"));

    // The first upload finds the folder missing (a failure worth retrying), the next makes it.
    assertThatThrownBy(() -> folder.writeReplacing("b.csv", "b".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("No such file");
    folder.writeReplacing("b.csv", "b".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(root.resolve("out/gone/b.csv"))).isEqualTo("b");
  }

  @Test
  void uploadCommitsUnderFinalNameWithExactContent() throws Exception {
    RemoteFolder uploader = new RemoteFolder(pool, "/out/nested/deeper");
    byte[] data = randomBytes(1_234_567, 1);
    long size;
    try (RemoteFileUpload upload = uploader.open("table_0001.csv.gz")) {
      assertThat(upload.finalPath()).isEqualTo("/out/nested/deeper/table_0001.csv.gz");
      String temp = ((SftpFileUpload) upload).tempPath();
      assertThat(temp).startsWith("/out/nested/deeper/.table_0001.csv.gz.").endsWith(".part");
      writeMixed(upload.output(), data);
      upload.output().flush();
      // Before commit only the hidden temp file exists.
      assertThat(filesIn(root.resolve("out/nested/deeper"))).singleElement()
          .satisfies(name -> assertThat(name).startsWith(".table_0001.csv.gz."));
      size = upload.commit();
      assertThatThrownBy(() -> upload.output().write(1)).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("closed");
    }
    assertThat(size).isEqualTo(data.length);
    Path target = root.resolve("out/nested/deeper");
    assertThat(filesIn(target)).containsExactly("table_0001.csv.gz");
    assertThat(Files.readAllBytes(target.resolve("table_0001.csv.gz"))).isEqualTo(data);
    assertThat(pool.idleConnections()).isEqualTo(1);
  }

  @Test
  void emptyFileCanBeCommitted() throws Exception {
    RemoteFolder uploader = new RemoteFolder(pool, "/out");
    try (RemoteFileUpload upload = uploader.open("empty.csv")) {
      assertThat(upload.commit()).isZero();
    }
    assertThat(Files.size(root.resolve("out/empty.csv"))).isZero();
  }

  @Test
  void reuploadReplacesExistingFileWithPosixRename() throws Exception {
    RemoteFolder uploader = new RemoteFolder(pool, "/out");
    Files.createDirectories(root.resolve("out"));
    Files.writeString(root.resolve("out/data.csv"), "old content that is longer than the new");
    try (RemoteFileUpload upload = uploader.open("data.csv")) {
      upload.output().write("new".getBytes(StandardCharsets.UTF_8));
      upload.commit();
      assertThat(((SftpFileUpload) upload).renameMethod()).isEqualTo(RenameMethod.POSIX_RENAME);
    }
    assertThat(Files.readString(root.resolve("out/data.csv"))).isEqualTo("new");
    assertThat(filesIn(root.resolve("out"))).containsExactly("data.csv");
  }

  @Test
  void withoutPosixRenameTheOldFileIsRemovedThenRenamed() throws Exception {
    server.advertisePosixRename(false);
    try (SftpConnectionPool plainPool =
        new SftpConnectionPool(SftpTestSupport.config(server).build())) {
      RemoteFolder uploader = new RemoteFolder(plainPool, "/out");
      for (String content : List.of("first", "second")) {
        try (RemoteFileUpload upload = uploader.open("data.csv")) {
          upload.output().write(content.getBytes(StandardCharsets.UTF_8));
          upload.commit();
          assertThat(((SftpFileUpload) upload).renameMethod())
              .isEqualTo(RenameMethod.REMOVE_THEN_RENAME);
        }
      }
    }
    assertThat(Files.readString(root.resolve("out/data.csv"))).isEqualTo("second");
    assertThat(filesIn(root.resolve("out"))).containsExactly("data.csv");
  }

  @Test
  void abortRemovesTempFileAndReturnsConnection() throws Exception {
    RemoteFolder uploader = new RemoteFolder(pool, "/out");
    RemoteFileUpload upload = uploader.open("aborted.csv");
    upload.output().write(randomBytes(100_000, 2));
    upload.abort();
    upload.abort(); // idempotent
    upload.close();
    assertThat(filesIn(root.resolve("out"))).isEmpty();
    assertThat(pool.idleConnections()).isEqualTo(1);
    assertThatThrownBy(upload::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sequentialUploadsReuseOneConnection() throws Exception {
    RemoteFolder uploader = new RemoteFolder(pool, "/out");
    for (int i = 0; i < 5; i++) {
      try (RemoteFileUpload upload = uploader.open("f" + i + ".csv")) {
        upload.output().write(randomBytes(10_000, i));
        upload.commit();
      }
    }
    assertThat(server.maxConcurrentSessions()).isEqualTo(1);
    assertThat(pool.openConnections()).isEqualTo(1);
  }

  @Test
  void listAndDelete() throws Exception {
    RemoteFolder uploader = new RemoteFolder(pool, "/out");
    for (String name : List.of("b.csv", "a.csv")) {
      try (RemoteFileUpload upload = uploader.open(name)) {
        upload.output().write(name.getBytes(StandardCharsets.UTF_8));
        upload.output().write(new byte[10]);
        upload.commit();
      }
    }
    Files.createDirectories(root.resolve("out/subdir"));
    List<RemoteFileInfo> files = uploader.list("/out");
    assertThat(files).extracting(RemoteFileInfo::name).containsExactly("a.csv", "b.csv");
    assertThat(files).extracting(RemoteFileInfo::size).containsExactly(15L, 15L);
    assertThat(files.get(0).modified()).isNotNull();
    assertThat(uploader.list()).hasSize(2);

    uploader.delete("a.csv");
    uploader.delete("/out/b.csv");
    uploader.delete("missing.csv"); // not an error
    assertThat(uploader.list()).isEmpty();
  }

  @Test
  void rejectsNamesThatAreNotPlainFileNames() {
    RemoteFolder uploader = new RemoteFolder(pool, "/out");
    for (String bad : List.of("", ".", "..", "a/b.csv", "../x.csv", "..hidden", "a\\b",
        "line\nbreak.csv", "tab\t.csv", "del\u007f.csv", "x".repeat(250))) {
      assertThatThrownBy(() -> uploader.open(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(pool.openConnections()).isZero();
  }
}
