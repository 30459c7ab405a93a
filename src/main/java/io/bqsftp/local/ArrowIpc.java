package io.bqsftp.local;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/** Bare Arrow IPC messages as the Read API frames them: one schema, then one message per batch. */
final class ArrowIpc {
  private ArrowIpc() {}

  static ByteString schemaMessage(Schema schema) {
    ByteString.Output out = ByteString.newOutput();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteString();
  }

  /** The root's rows as one uncompressed record-batch message. */
  static ByteString recordBatchMessage(VectorSchemaRoot root) {
    ByteString.Output out = ByteString.newOutput();
    try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteString();
  }
}
