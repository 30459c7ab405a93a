package io.bqsftp.trigger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Pub/Sub subscriber service on loopback, enough for the real {@code Subscriber}: streaming pull
 * delivers messages, acks and modacks arrive as unary calls (or on the stream), a modack of 0 (nack)
 * redelivers at once, and a lease whose deadline passes without a modack is redelivered as the real
 * service does. Every delivery, ack, nack, modack and expiry is recorded for assertions.
 */
final class FakePubSub implements AutoCloseable {
  enum Kind { DELIVERED, ACK, NACK, MODACK, EXPIRED }

  /** What happened to which message, and when. */
  record Event(Kind kind, String messageId, String ackId, int seconds, long nanos) {}

  private record Lease(String messageId, ByteString data, int attempt, long deadlineNanos, Instant published) {
    Lease(String messageId, ByteString data, int attempt, long deadlineNanos) {
      this(messageId, data, attempt, deadlineNanos, Instant.EPOCH);
    }
  }

  /** Every message published, by id, so a test can deliver one again as Pub/Sub may. */
  private final Map<String, Lease> published = new HashMap<>();

  private final Server server;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-pubsub-timer");
    t.setDaemon(true);
    return t;
  });
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  // Guarded by this.
  private final ArrayDeque<Lease> ready = new ArrayDeque<>();
  private final Map<String, Lease> leased = new HashMap<>();
  private final Map<String, Integer> attempts = new HashMap<>();
  private final List<StreamObserver<StreamingPullResponse>> streams = new ArrayList<>();
  private int streamDeadlineSeconds = 10;
  private int nextId;

  FakePubSub() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Service()).build().start();
    timer.scheduleAtFixedRate(this::expireLeases, 100, 100, TimeUnit.MILLISECONDS);
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Publishes a message; returns its id. */
  synchronized String publish(String data) {
    String id = "m" + (++nextId);
    Lease message = new Lease(id, ByteString.copyFrom(data, StandardCharsets.UTF_8), 0, 0, Instant.now());
    published.put(id, message);
    ready.add(message);
    deliver();
    return id;
  }

  /** Delivers a published message once more, as Pub/Sub's at-least-once delivery may even after an ack. */
  synchronized void redeliver(String messageId) {
    ready.add(published.get(messageId));
    deliver();
  }

  /** Called for each event as it happens (on a gRPC or timer thread). */
  void onEvent(Consumer<Event> listener) {
    listeners.add(listener);
  }

  List<Event> events(String messageId, Kind kind) {
    return events.stream().filter(e -> e.messageId().equals(messageId) && e.kind() == kind).toList();
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  private void record(Kind kind, String messageId, String ackId, int seconds) {
    Event event = new Event(kind, messageId, ackId, seconds, System.nanoTime());
    events.add(event);
    listeners.forEach(l -> l.accept(event));
  }

  private synchronized void deliver() {
    if (streams.isEmpty()) {
      return;
    }
    StreamObserver<StreamingPullResponse> stream = streams.get(0);
    while (!ready.isEmpty()) {
      Lease message = ready.poll();
      int attempt = attempts.merge(message.messageId(), 1, Integer::sum);
      String ackId = message.messageId() + "-a" + attempt;
      leased.put(ackId, new Lease(message.messageId(), message.data(), attempt,
          System.nanoTime() + TimeUnit.SECONDS.toNanos(streamDeadlineSeconds), message.published()));
      record(Kind.DELIVERED, message.messageId(), ackId, streamDeadlineSeconds);
      stream.onNext(StreamingPullResponse.newBuilder()
          .addReceivedMessages(ReceivedMessage.newBuilder()
              .setAckId(ackId)
              .setDeliveryAttempt(attempt)
              .setMessage(PubsubMessage.newBuilder().setMessageId(message.messageId()).setData(message.data())
                  .setPublishTime(com.google.protobuf.Timestamp.newBuilder()
                      .setSeconds(message.published().getEpochSecond()).setNanos(message.published().getNano()))))
          .build());
    }
  }

  private synchronized void ack(String ackId) {
    Lease lease = leased.remove(ackId);
    if (lease != null) {
      record(Kind.ACK, lease.messageId(), ackId, 0);
    }
  }

  private synchronized void modack(String ackId, int seconds) {
    Lease lease = leased.get(ackId);
    if (lease == null) {
      return;
    }
    if (seconds == 0) {
      leased.remove(ackId);
      record(Kind.NACK, lease.messageId(), ackId, 0);
      ready.add(lease);
      deliver();
      return;
    }
    leased.put(ackId, new Lease(lease.messageId(), lease.data(), lease.attempt(),
        System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), lease.published()));
    record(Kind.MODACK, lease.messageId(), ackId, seconds);
  }

  private synchronized void expireLeases() {
    long now = System.nanoTime();
    List<String> expired = leased.entrySet().stream()
        .filter(e -> e.getValue().deadlineNanos() < now).map(Map.Entry::getKey).toList();
    for (String ackId : expired) {
      Lease lease = leased.remove(ackId);
      record(Kind.EXPIRED, lease.messageId(), ackId, 0);
      ready.add(lease);
    }
    if (!expired.isEmpty()) {
      deliver();
    }
  }

  private final class Service extends SubscriberGrpc.SubscriberImplBase {
    @Override
    public StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(StreamingPullRequest request) {
          synchronized (FakePubSub.this) {
            if (!request.getSubscription().isEmpty()) {
              if (request.getStreamAckDeadlineSeconds() > 0) {
                streamDeadlineSeconds = request.getStreamAckDeadlineSeconds();
              }
              streams.add(out);
            }
          }
          request.getAckIdsList().forEach(FakePubSub.this::ack);
          for (int i = 0; i < request.getModifyDeadlineAckIdsCount(); i++) {
            modack(request.getModifyDeadlineAckIds(i), request.getModifyDeadlineSeconds(i));
          }
          deliver();
        }

        @Override
        public void onError(Throwable t) {
          closed();
        }

        @Override
        public void onCompleted() {
          closed();
          out.onCompleted();
        }

        private void closed() {
          synchronized (FakePubSub.this) {
            streams.remove(out);
          }
        }
      };
    }

    @Override
    public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> out) {
      request.getAckIdsList().forEach(FakePubSub.this::ack);
      out.onNext(Empty.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> out) {
      request.getAckIdsList().forEach(id -> modack(id, request.getAckDeadlineSeconds()));
      out.onNext(Empty.getDefaultInstance());
      out.onCompleted();
    }
  }

  @Override
  public void close() throws Exception {
    timer.shutdownNow();
    synchronized (this) {
      streams.forEach(s -> {
        try {
          s.onCompleted();
        } catch (RuntimeException ignored) {
          // the client may have gone already
        }
      });
      streams.clear();
    }
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
