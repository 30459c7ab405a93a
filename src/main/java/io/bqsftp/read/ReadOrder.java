package io.bqsftp.read;

import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Asks a {@link ReaderVerticle} to read one ReadRows stream of a run, passed by reference on the
 * local bus. The reader replies with the number of rows read once every chunk was taken.
 *
 * @param streamName the read session's stream ({@code projects/.../streams/...})
 * @param schema the session's Arrow schema (the batches as BigQuery sends them)
 * @param columns puts a decoded batch's columns in the export's order
 * @param encoders makes this stream's encoder (CSV or JSON lines)
 * @param allocator the parent of the stream's own allocator
 * @param chunkAddress where the run's assembly takes chunks ({@link Chunk})
 * @param maxChunkBytes the largest chunk to hand on (a single longer row goes alone)
 * @param window the most chunks of this stream unanswered at once (credits)
 * @param replyTimeoutMillis how long one chunk may stay unanswered before the read fails
 * @param bytesRead told the serialized size of each Arrow batch (metrics)
 * @param cancellation stops the read (the gRPC call is cancelled)
 */
public record ReadOrder(
    String streamName,
    Schema schema,
    UnaryOperator<VectorSchemaRoot> columns,
    Supplier<RowEncoder> encoders,
    BufferAllocator allocator,
    String chunkAddress,
    int maxChunkBytes,
    int window,
    long replyTimeoutMillis,
    LongConsumer bytesRead,
    ReadCancellation cancellation) {}
