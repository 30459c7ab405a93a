package io.bqsftp.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes a message body by reference between verticles of one Vert.x instance: no serialization,
 * no copy. The body must not be touched by the sender once sent. Never crosses a cluster: sends
 * with it must be {@code setLocalOnly(true)} ({@link BusMessages#options}).
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private final String name;

  private LocalCodec(Class<T> type) {
    this.name = "bqsftp-local-" + type.getName();
  }

  /** Makes {@code type} the default codec's type on {@code bus}; a second registration is a no-op. */
  public static <T> void register(EventBus bus, Class<T> type) {
    try {
      bus.registerDefaultCodec(type, new LocalCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // Several verticles (or tests) of one Vert.x instance register the same types.
    }
  }

  @Override
  public T transform(T body) {
    return body;
  }

  @Override
  public void encodeToWire(Buffer buffer, T body) {
    throw new UnsupportedOperationException(name + " bodies never leave this process");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + " bodies never leave this process");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
