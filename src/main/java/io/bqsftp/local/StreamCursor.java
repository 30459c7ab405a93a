package io.bqsftp.local;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Walks one read stream from a row offset, turning table rows into serialized Arrow batches:
 * fills the needed columns, drops rows failing the restriction, skips the offset and keeps only
 * the selected columns. Not thread-safe: one ReadRows call owns it.
 */
final class StreamCursor implements AutoCloseable {

  /** One serialized record batch and its row count. */
  record Batch(ByteString message, int rows) {}

  private final StreamPlan plan;
  private final BatchCache cache;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot work;
  private final VectorSchemaRoot out;
  private final List<FieldVector> workSelected = new ArrayList<>();
  private long nextTableRow;
  private long toSkip;
  private long position;

  /**
   * @param offset rows of the stream (after the restriction) to skip
   * @throws IllegalArgumentException if the stream is known to be shorter than the offset
   */
  StreamCursor(StreamPlan plan, long offset, BufferAllocator allocator, BatchCache cache) {
    this.plan = plan;
    this.cache = cache;
    this.allocator = allocator;
    this.position = offset;
    if (plan.restriction().isEmpty()) {
      // Without a restriction stream rows are table rows: jump straight to the offset.
      if (offset > plan.tableRows()) {
        allocator.close();
        throw new IllegalArgumentException(
            "offset " + offset + " is beyond the " + plan.tableRows() + " rows of " + plan.name());
      }
      nextTableRow = plan.startRow() + offset;
    } else {
      nextTableRow = plan.startRow();
      toSkip = offset;
    }
    this.work = VectorSchemaRoot.create(plan.workSchema(), allocator);
    // Only a restriction needs rows copied; otherwise the selected vectors are sent as filled.
    this.out = plan.restriction().isEmpty() ? null : VectorSchemaRoot.create(plan.readSchema(), allocator);
    for (var field : plan.readFields()) {
      workSelected.add(work.getVector(field.getName()));
    }
  }

  /** Rows of the stream before the next row to be sent. */
  long position() {
    return position;
  }

  /** Rows of the offset not yet skipped: non-zero at the end means the offset was too large. */
  long unskippedOffset() {
    return toSkip;
  }

  /** The next batch of at most {@code maxRows} rows, or null at the end of the stream. */
  Batch next(int maxRows) {
    if (out == null) {
      int n = (int) Math.min(maxRows, plan.endRow() - nextTableRow);
      if (n <= 0) {
        return null;
      }
      var key = new BatchCache.Key(plan.table(), plan.readSchema(), nextTableRow, n);
      nextTableRow += n;
      ByteString cached = cache == null ? null : cache.get(key);
      if (cached != null) {
        position += n;
        return new Batch(cached, n);
      }
      plan.table().fill(work, key.fromRow(), n);
      // Without a restriction the work schema is the read schema: send the rows as filled.
      Batch batch = emit(work, n);
      if (cache != null) {
        cache.put(key, batch.message());
      }
      return batch;
    }
    out.allocateNew();
    int copied = 0;
    while (copied < maxRows && nextTableRow < plan.endRow()) {
      int chunk = (int) Math.min(Math.max(maxRows, 256), plan.endRow() - nextTableRow);
      plan.table().fill(work, nextTableRow, chunk);
      IntPredicate matches = plan.restriction().matcher(work);
      int row = 0;
      for (; row < chunk && copied < maxRows; row++) {
        if (!matches.test(row)) {
          continue;
        }
        if (toSkip > 0) {
          toSkip--;
          continue;
        }
        for (int c = 0; c < workSelected.size(); c++) {
          out.getVector(c).copyFromSafe(row, copied, workSelected.get(c));
        }
        copied++;
      }
      // Rows of the chunk not looked at yet are filled again by the next call.
      nextTableRow += row;
    }
    if (copied == 0) {
      return null;
    }
    out.setRowCount(copied);
    return emit(out, copied);
  }

  private Batch emit(VectorSchemaRoot root, int rows) {
    position += rows;
    return new Batch(ArrowIpc.recordBatchMessage(root), rows);
  }

  @Override
  public void close() {
    work.close();
    if (out != null) {
      out.close();
    }
    allocator.close();
  }
}
