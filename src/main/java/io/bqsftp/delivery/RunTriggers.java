package io.bqsftp.delivery;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trigger ids (Pub/Sub message ids) of the requests one run serves: the one that started it
 * and every duplicate or earlier request that joined it while it ran. Written on the event loop,
 * read by the run's thread when it records its history: thread-safe.
 */
public final class RunTriggers {
  private final Set<String> ids = ConcurrentHashMap.newKeySet();

  public void add(String id) {
    ids.add(id);
  }

  public boolean contains(String id) {
    return ids.contains(id);
  }

  /** The ids so far, sorted. */
  public List<String> list() {
    return ids.stream().sorted().toList();
  }
}
