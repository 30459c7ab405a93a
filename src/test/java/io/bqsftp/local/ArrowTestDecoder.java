package io.bqsftp.local;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.ReadRowsRequest;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/** Decodes the bare IPC messages of a read session the way a Read API consumer does. */
final class ArrowTestDecoder implements AutoCloseable {
  private final BufferAllocator allocator = new RootAllocator();
  private final Schema schema;
  private final VectorSchemaRoot root;
  int responses;

  ArrowTestDecoder(ByteString schemaMessage) {
    try {
      schema = MessageSerializer.deserializeSchema(new ReadChannel(Channels.newChannel(schemaMessage.newInput())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    root = VectorSchemaRoot.create(schema, allocator);
  }

  Schema schema() {
    return schema;
  }

  /** Loads one batch message into the decoder's root (replacing the previous batch). */
  VectorSchemaRoot load(ByteString batchMessage) {
    try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(
        new ReadChannel(Channels.newChannel(batchMessage.newInput())), allocator)) {
      new VectorLoader(root).load(batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  /** Reads a stream from an offset, handing each decoded batch to {@code each}. */
  void read(BigQueryReadClient client, String stream, long offset, Consumer<VectorSchemaRoot> each) {
    ReadRowsRequest request = ReadRowsRequest.newBuilder().setReadStream(stream).setOffset(offset).build();
    for (ReadRowsResponse response : client.readRowsCallable().call(request)) {
      VectorSchemaRoot batch = load(response.getArrowRecordBatch().getSerializedRecordBatch());
      if (batch.getRowCount() != response.getRowCount()) {
        throw new AssertionError("row_count " + response.getRowCount() + " but batch has " + batch.getRowCount());
      }
      responses++;
      each.accept(batch);
    }
  }

  /** The {@code id} column of every row of a stream from an offset. */
  List<Long> readIds(BigQueryReadClient client, String stream, long offset) {
    List<Long> ids = new ArrayList<>();
    read(client, stream, offset, batch -> {
      BigIntVector id = (BigIntVector) batch.getVector("id");
      for (int i = 0; i < batch.getRowCount(); i++) {
        ids.add(id.get(i));
      }
    });
    return ids;
  }

  @Override
  public void close() {
    root.close();
    allocator.close();
  }
}
