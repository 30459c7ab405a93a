package io.bqsftp.bigquery;

import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The network threads of our gRPC channels, owned here instead of by gRPC. gRPC's shared default
 * group outlives the last channel by a second, and the JVM waits 300 ms at exit for any thread
 * blocked in native code (an idle selector is): every short CLI run paid that. {@link #shutdown}
 * at the end of a command stops the threads first. Channels built after a shutdown get a new group.
 */
public final class GrpcEventLoop {
  private static EventLoopGroup group;

  private GrpcEventLoop() {}

  /** Points a channel builder at this group (other transports are left as they are). */
  public static <T extends ManagedChannelBuilder<T>> T configure(T builder) {
    if (builder instanceof NettyChannelBuilder netty) {
      netty.eventLoopGroup(group()).channelType(NioSocketChannel.class);
    }
    return builder;
  }

  private static synchronized EventLoopGroup group() {
    if (group == null || group.isShuttingDown()) {
      group = new NioEventLoopGroup(0, new DefaultThreadFactory("bqsftp-grpc", true));
    }
    return group;
  }

  /** Stops the threads, waiting up to {@code timeout}; call once every channel is closed. */
  public static void shutdown(Duration timeout) {
    EventLoopGroup current;
    synchronized (GrpcEventLoop.class) {
      current = group;
      group = null;
    }
    if (current != null) {
      current.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(timeout.toMillis());
    }
  }
}
