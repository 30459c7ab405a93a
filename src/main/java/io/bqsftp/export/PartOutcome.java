package io.bqsftp.export;

import java.util.Optional;

/**
 * What became of one part: landed under its final name, or not (then staged at a URI, or, when
 * staging failed as well, lost and in need of a new run). Carries the SHA-256 of the bytes sent.
 */
record PartOutcome(
    String name,
    boolean landed,
    String finalPath,
    long rows,
    long bytes,
    long csvBytes,
    String sha256,
    Optional<String> stagedUri,
    Optional<String> error) {

  static PartOutcome landed(String name, String path, long rows, long bytes, long csvBytes, String sha256) {
    return new PartOutcome(name, true, path, rows, bytes, csvBytes, sha256, Optional.empty(), Optional.empty());
  }

  static PartOutcome notLanded(String name, long rows, long bytes, long csvBytes, String sha256,
      Optional<String> stagedUri, String error) {
    return new PartOutcome(name, false, null, rows, bytes, csvBytes, sha256, stagedUri, Optional.of(error));
  }

  FileReceipt receipt() {
    return new FileReceipt(name, finalPath, rows, bytes, csvBytes, sha256);
  }

  StagedFile staged() {
    return new StagedFile(name, rows, bytes, csvBytes, sha256, stagedUri, error.orElse(""));
  }
}
