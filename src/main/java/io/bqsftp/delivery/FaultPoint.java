package io.bqsftp.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in a run where the fault-matrix tests stop the process deterministically: with the
 * system property {@code bqsftp.fault_point=NAME[:N]} the N-th time (default 1) the run reaches
 * {@code NAME} it prints {@code FAULT_POINT NAME N} on stderr and halts there until killed. Without
 * the property (production) {@link #reached} is one volatile read.
 */
public final class FaultPoint {
  private static final Logger LOG = LoggerFactory.getLogger(FaultPoint.class);
  /** After part N (1-based) was uploaded and sealed under its temp name. */
  public static final String PART_SEALED = "part.sealed";
  /** After the commit journal was written, before any rename. */
  public static final String COMMIT_JOURNALED = "commit.journaled";
  /** After the N-th rename of the commit. */
  public static final String COMMIT_RENAMED = "commit.renamed";
  /** After the set is visible (stale parts removed, marker written), before the history write. */
  public static final String COMMIT_PUBLISHED = "commit.published";

  private static final String NAME;
  private static final int COUNT;
  private static final java.util.concurrent.atomic.AtomicInteger SEEN = new java.util.concurrent.atomic.AtomicInteger();

  static {
    String spec = System.getProperty("bqsftp.fault_point", "");
    int colon = spec.indexOf(':');
    NAME = colon < 0 ? spec : spec.substring(0, colon);
    COUNT = colon < 0 ? 1 : Integer.parseInt(spec.substring(colon + 1));
  }

  private FaultPoint() {}

  /** Halts here for good when the property names this point and its count is reached. */
  public static void reached(String name) {
    if (NAME.isEmpty() || !NAME.equals(name)) {
      return;
    }
    int n = SEEN.incrementAndGet();
    if (n != COUNT) {
      return;
    }
    LOG.warn("fault point {} #{} reached: halting until killed", name, n);
    System.err.println("FAULT_POINT " + name + " " + n);
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // A halted process ignores cancellation: only a kill ends it.
      }
    }
  }
}
