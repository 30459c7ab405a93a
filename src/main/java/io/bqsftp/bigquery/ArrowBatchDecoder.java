package io.bqsftp.bigquery;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns the Read API's Arrow bytes into vectors. The API sends the schema once and each response
 * as one bare IPC record-batch message; some emulators wrap a whole IPC stream (schema + batches)
 * in each field instead, so both framings are accepted.
 */
public final class ArrowBatchDecoder implements AutoCloseable {
  private final BufferAllocator allocator;
  private final Schema schema;
  private final VectorSchemaRoot root;
  private final VectorLoader loader;

  public ArrowBatchDecoder(Schema schema, BufferAllocator allocator) {
    this.allocator = allocator;
    this.schema = schema;
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.loader = new VectorLoader(root);
  }

  /** Reads the schema from a bare IPC schema message or from the head of a whole IPC stream. */
  public static Schema readSchema(ByteString bytes) throws IOException {
    return MessageSerializer.deserializeSchema(channel(bytes));
  }

  public Schema schema() {
    return schema;
  }

  /**
   * Decodes one response into the shared root and hands each batch to the consumer. The root is
   * only valid during the call.
   */
  public void decode(ByteString bytes, BatchConsumer consumer) throws Exception {
    if (startsWithSchema(bytes)) {
      decodeStream(bytes, consumer);
      return;
    }
    try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(channel(bytes), allocator)) {
      loader.load(batch);
    }
    consumer.accept(root);
  }

  private void decodeStream(ByteString bytes, BatchConsumer consumer) throws Exception {
    try (var reader = new ArrowStreamReader(bytes.newInput(), allocator)) {
      VectorSchemaRoot streamRoot = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        consumer.accept(streamRoot);
      }
    }
  }

  private static boolean startsWithSchema(ByteString bytes) throws IOException {
    var message = MessageSerializer.readMessage(channel(bytes));
    return message != null
        && message.getMessage().headerType() == org.apache.arrow.flatbuf.MessageHeader.Schema;
  }

  private static ReadChannel channel(ByteString bytes) {
    return new ReadChannel(Channels.newChannel(bytes.newInput()));
  }

  @Override
  public void close() {
    root.close();
  }

  /** Receives decoded batches. */
  @FunctionalInterface
  public interface BatchConsumer {
    void accept(VectorSchemaRoot batch) throws Exception;
  }
}
