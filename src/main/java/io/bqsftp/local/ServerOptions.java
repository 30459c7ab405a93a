package io.bqsftp.local;

import java.time.Duration;

/** Tunables of a running local server; tests change them between sessions. */
final class ServerOptions {
  volatile int batchRows = LocalBigQueryServer.DEFAULT_BATCH_ROWS;
  volatile int maxStreams = LocalBigQueryServer.DEFAULT_MAX_STREAMS;
  volatile Duration readDelay = Duration.ZERO;
  /** Null: every batch is generated anew. */
  volatile BatchCache cache;
  /** Table spec to the column a session's row restriction must filter on (require_partition_filter). */
  final java.util.Map<String, String> partitionFilters = new java.util.concurrent.ConcurrentHashMap<>();
}
