package io.bqsftp.ops;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** An executor service whose tasks run in their submitter's log context; see {@link MdcExecutors}. */
final class MdcExecutorService extends AbstractExecutorService {
  private final ExecutorService delegate;

  MdcExecutorService(ExecutorService delegate) {
    this.delegate = delegate;
  }

  // submit/invokeAll of AbstractExecutorService all end in execute, which wraps.
  @Override
  public void execute(Runnable command) {
    delegate.execute(MdcExecutors.wrap(command));
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "MdcExecutorService[" + delegate + "]";
  }
}
