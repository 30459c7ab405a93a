package io.bqsftp.export;

import io.bqsftp.contract.ExportResult;
import io.bqsftp.contract.RunFailure;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.contract.SettingRejectedException;
import io.bqsftp.delivery.CommitJournal;
import io.bqsftp.delivery.FileNaming;
import io.bqsftp.contract.FileReceipt;
import io.bqsftp.delivery.PartDelivery;
import io.bqsftp.delivery.RetryPolicy;
import io.bqsftp.delivery.PartDestination;
import io.bqsftp.delivery.PartOutcome;
import io.bqsftp.delivery.PartWriter;
import io.bqsftp.delivery.RunLock;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunAssembler;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.delivery.SetCommit;
import io.bqsftp.delivery.RemoteFolderDestination;
import io.bqsftp.delivery.SideFiles;
import io.bqsftp.contract.UndeliveredFile;
import io.bqsftp.delivery.UploaderPool;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import com.google.cloud.bigquery.storage.v1.ReadStream;
import io.bqsftp.bigquery.DateColumn;
import io.bqsftp.bigquery.DateWindow;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.compress.ParallelGzipOutputStream;
import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ExportFormat;
import io.bqsftp.config.IfExists;
import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import io.bqsftp.json.ArrowJsonEncoder;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.bus.BusMessages;
import io.bqsftp.bus.FailureReply;
import io.bqsftp.read.ReadCancellation;
import io.bqsftp.read.ReadOrder;
import io.bqsftp.read.ReaderVerticle;
import io.bqsftp.read.RowEncoder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.bqsftp.pgp.PgpEncryptingStream;
import io.bqsftp.pgp.PgpPublicKey;
import io.bqsftp.pgp.PgpSigningKey;
import io.bqsftp.staging.Staging;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one export plan from ReadRows to renamed files, blocking its caller (a worker thread).
 * Reader verticles decode each read stream's Arrow and format CSV; a per-run {@link RunAssembler}
 * writes their chunks through the {@link PartWriter} into numbered parts, deflated in parallel and
 * sent to the uploader pool, which writes them to SFTP as they are produced.
 * A part whose upload fails is resent from its spool copy and, failing that, staged; the run goes
 * on with the remaining parts and succeeds only when every part landed. The ledger records the
 * run's start, each part's outcome and the run's end.
 */
public final class ExportRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);
  /**
   * Chunks of one stream unanswered at once (credits): enough that the run's assembler finds chunks
   * waiting while the readers' credits travel back; ≤ 4 MiB per stream.
   */
  static final int CHUNK_WINDOW = 4;
  /** Runs take hours and a chunk waits while a part is resent: only a stuck stage hits this. */
  private static final Duration STAGE_REPLY_TIMEOUT = Duration.ofDays(1);
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);
  // Block size measured in docs/compression.md; 4 in flight keep two cores busy and bound memory.
  private static final int GZIP_BLOCKS_IN_FLIGHT = 4;

  private final TableReader reader;
  private final Vertx vertx;
  private final Future<?> readers;
  private final BufferAllocator allocator;
  private final Function<ExportConfig, PartDestination> destinations;
  private final Function<ExportConfig, RunLock.LockFolder> lockFolders;
  private final RunLock.Timing lockTiming;
  private final Executor deflateExecutor;
  private final int maxStreams;
  private final Clock clock;
  private final Recovery recovery;
  private final Supplier<UploaderPool> uploaders;

  /**
   * What makes a failed upload recoverable: where runs are recorded, where undeliverable parts are
   * staged, how uploads are retried (and spooled), and each export's destination URI for the ledger.
   */
  public record Recovery(
      Ledger ledger,
      Staging staging,
      DeliveryConfig delivery,
      Function<ExportConfig, String> destinationUris,
      RetryPolicy.Sleeper sleeper) {

    public Recovery(Ledger ledger, Staging staging, DeliveryConfig delivery, Function<ExportConfig, String> destinationUris) {
      this(ledger, staging, delivery, destinationUris, RetryPolicy.THREAD_SLEEP);
    }
  }

  /**
   * @param vertx where the run's assembler is deployed and its read orders are sent
   * @param readers completes once the {@link ReaderVerticle}s serving those orders are deployed
   */
  public ExportRunner(
      TableReader reader,
      Vertx vertx,
      Future<?> readers,
      BufferAllocator allocator,
      Function<ExportConfig, PartDestination> destinations,
      Function<ExportConfig, RunLock.LockFolder> lockFolders,
      RunLock.Timing lockTiming,
      Executor deflateExecutor,
      int maxStreams,
      Clock clock,
      Recovery recovery,
      Supplier<UploaderPool> uploaders) {
    this.uploaders = uploaders;
    this.reader = reader;
    this.vertx = vertx;
    this.readers = readers;
    this.allocator = allocator;
    this.destinations = destinations;
    this.lockFolders = lockFolders;
    this.lockTiming = lockTiming;
    this.deflateExecutor = deflateExecutor;
    this.maxStreams = maxStreams;
    this.clock = clock;
    this.recovery = recovery;
  }

  /**
   * Runs the plan; never throws: a failure is a result with status failed and the reason. Parts are
   * sealed under temp names as they complete; only when every part is sealed does the commit make
   * them visible as one set (see {@link SetCommit}).
   */
  public ExportResult run(RunPlan plan, RunProgress progress) {
    ExportConfig export = plan.export();
    var recorder = new RunRecorder(recovery.ledger(), clock, plan, recovery.destinationUris().apply(export));
    PartWriter parts = null;
    RunAssembler assembler = null;
    String assembly = null; // the assembler's deployment
    RunLock lock = null;
    SetCommit commit = null;
    PartDestination destination = null;
    List<PartOutcome> produced = null; // every part, once all rows were read
    try {
      destination = destinations.apply(export);
      // Before anything is read or recorded: another replica writing this export and date keeps it.
      lock = RunLock.acquire(lockFolders.apply(export), lockTiming, export.name(), plan.runDate(), plan.runId());
      recorder.started();
      var naming = FileNaming.of(export, plan.runDate());
      var sideFiles = SideFiles.of(export, plan.runDate());
      commit = new SetCommit(destination, lock, naming, export.name(), plan.runDate(), recovery.delivery(),
          recovery.sleeper()::sleep);
      commit.rollForward().ifPresent(recorder::rolledForward);
      commit.removeLeftovers(Set.of(), sideFiles.manifest(), sideFiles.done());
      Optional<String> restriction = restriction(plan);
      ReadSession session = createSession(export, restriction);
      Schema sessionSchema = TableReader.schemaOf(session);
      ColumnOrder columns = ColumnOrder.of(sessionSchema, export.columns(), key(export, "columns"));
      Schema schema = columns.schema();
      var format = new CsvFormat(export.fieldDelimiter(), export.printHeader());
      var delivery = new PartDelivery(destination, recovery.delivery(), recovery.staging(), export.name(),
          plan.runDate(), recovery.sleeper(), progress);
      parts =
          new PartWriter(
              destination,
              naming,
              export.format() == ExportFormat.JSON ? new byte[0]
                  : new ArrowCsvEncoder(schema, format).header(),
              export.maxFileBytes(),
              gzip(export),
              recovery.delivery().spoolDirectory(),
              delivery,
              recorder::part,
              uploaders.get())
          .encrypting(encryption(export));
      LOG.info("run {}: reading {} with {} stream(s){}", plan.runId(), export.sourceTable(),
          session.getStreamsCount(), restriction.map(r -> " where " + r).orElse(""));
      assembler = new RunAssembler(export.name(), plan.runId(), parts, progress);
      assembly = await(vertx.deployVerticle(assembler,
          new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)), DEPLOY_TIMEOUT);
      long rowsRead = readAll(assembler, session, sessionSchema, columns,
          () -> rowEncoder(columns.schema(), format, export.format()), parts.maxChunkBytes(), progress);
      List<PartOutcome> outcomes = await(assembler.finishing(), null);
      long rowsWritten = outcomes.stream().mapToLong(PartOutcome::rows).sum();
      if (rowsRead != rowsWritten) {
        throw new IllegalStateException("rows do not reconcile: " + rowsRead + " read from BigQuery but "
            + rowsWritten + " written to files");
      }
      produced = outcomes;
      if (outcomes.stream().allMatch(PartOutcome::sealed)) {
        return commitSet(plan, recorder, commit, destination, outcomes);
      }
      return finish(plan, recorder, outcomes, true, Optional.empty());
    } catch (Exception | Error e) {
      // Clean up with the interrupt flag clear (an interrupted sshj call breaks its connection,
      // and the temp file would stay), then restore it for the caller.
      boolean interrupted = Thread.interrupted() || e instanceof InterruptedException;
      List<PartOutcome> done = List.of();
      if (produced != null) {
        done = produced; // complete: a retry can commit the sealed parts (or the journal rolls forward)
      } else if (parts != null) {
        List<PartOutcome> ended = abort(parts, assembly != null ? assembler : null);
        // The run broke off before every row was read: its sealed parts can never be committed.
        discardSealed(destination, ended);
        done = ended.stream().filter(o -> !o.sealed()).toList();
      }
      RunFailure failure = RunFailure.of(e);
      LOG.warn("run {} failed: {}", plan.runId(), failure.message(), e);
      ExportResult result = finish(plan, recorder, done, produced != null, Optional.of(failure));
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return result;
    } finally {
      boolean interrupted = Thread.interrupted();
      if (assembly != null) {
        awaitQuietly(vertx.undeploy(assembly), CLEANUP_TIMEOUT);
      }
      if (lock != null) {
        lock.close();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Drops the open part, on the assembler's context when it runs (PartWriter is driven from one
   * context); the outcomes of the parts ended so far.
   */
  private static List<PartOutcome> abort(PartWriter parts, RunAssembler assembler) {
    if (assembler == null) {
      parts.abort();
      return parts.outcomes();
    }
    try {
      return await(assembler.abort(), CLEANUP_TIMEOUT);
    } catch (Exception e) {
      LOG.warn("the run's open part could not be dropped in time: {}", e.toString());
      return List.of();
    }
  }

  /**
   * Makes the run's sealed parts visible as one set ({@link SetCommit}), records them landed (or
   * skipped, with {@code if_exists: skip}) and ends the run; the journal goes once the history has it.
   */
  private ExportResult commitSet(RunPlan plan, RunRecorder recorder, SetCommit commit, PartDestination destination,
      List<PartOutcome> outcomes) throws IOException {
    ExportConfig export = plan.export();
    // if_exists, decided under the lock from one listing. A fail leaves the sealed parts for retry.
    var decision = commit.existing(export.ifExists(), outcomes.stream().map(PartOutcome::journalEntry).toList());
    Set<String> skipped = decision.skippedNames();
    CommitJournal journal = CommitJournal.of(plan, recorder.destinationUri(), recorder.startedAt(),
        decision.commit(), clock.instant(), export.ifExists() != IfExists.REPLACE);
    commit.publish(journal);
    if (!skipped.isEmpty()) {
      LOG.info("run {}: {} part(s) not delivered, a file of that name is already there (if_exists: skip): {}",
          plan.runId(), skipped.size(), new TreeSet<>(skipped));
    }
    List<PartOutcome> visible = outcomes.stream().map(o -> skipped.contains(o.name()) ? o.skipped()
        : o.landedAt(landedPath(destination, o.name()))).toList();
    visible.forEach(recorder::part);
    ExportResult result = finish(plan, recorder, visible, true, Optional.empty());
    commit.finish();
    return result;
  }

  private static String landedPath(PartDestination destination, String name) {
    return destination instanceof RemoteFolderDestination folder ? folder.path(name) : name;
  }

  /** Best effort: sealed temp files of a run that broke off are removed now (the next run would anyway). */
  private static void discardSealed(PartDestination destination, List<PartOutcome> outcomes) {
    for (PartOutcome o : outcomes) {
      if (o.sealed()) {
        try {
          destination.delete(o.tempName());
        } catch (IOException | RuntimeException e) {
          LOG.info("temp file {} stays until the next run: {}", o.tempName(), e.getMessage());
        }
      }
    }
  }

  /** Builds the result: succeeded only when nothing failed and every part landed. */
  private ExportResult finish(RunPlan plan, RunRecorder recorder, List<PartOutcome> outcomes, boolean complete,
      Optional<RunFailure> error) {
    List<FileReceipt> landed = outcomes.stream().filter(PartOutcome::landed).map(PartOutcome::receipt).toList();
    List<UndeliveredFile> staged = outcomes.stream().filter(o -> !o.landed() && !o.wasSkipped())
        .map(o -> o.staged(recorder.destinationUri())).toList();
    Optional<RunFailure> failure = error.or(() -> undelivered(outcomes));
    long rows = landed.stream().mapToLong(FileReceipt::rows).sum();
    RunStatus state = failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    // Every part exists (sealed, landed or staged) only if reading completed: then a retry can finish the run.
    recorder.finished(state, rows, failure.map(RunFailure::message),
        complete ? Optional.of(outcomes.size()) : Optional.empty());
    List<String> skipped = outcomes.stream().filter(PartOutcome::wasSkipped).map(PartOutcome::name).toList();
    return new ExportResult(plan.runId(), plan.export().name(), plan.runDate(),
        failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED, rows, landed, recorder.startedAt(),
        clock.instant(), failure, staged, recorder.error(), skipped);
  }

  private static Optional<RunFailure> undelivered(List<PartOutcome> outcomes) {
    List<PartOutcome> failed = outcomes.stream().filter(o -> o.state() == PartOutcome.State.NOT_LANDED).toList();
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    long lost = failed.stream().filter(f -> f.stagedUri().isEmpty()).count();
    PartOutcome first = failed.get(0);
    String message = failed.size() + " of " + outcomes.size() + " file(s) could not be uploaded"
        + (lost == 0 ? " and are staged for retry" : " (" + lost + " could not be staged: run the export again)")
        + "; none of the run's files is visible yet; " + first.name() + ": " + first.error().orElse("");
    return Optional.of(new RunFailure(RunFailure.Stage.SFTP, message));
  }

  /** The date window and the export's row_filter, ANDed: {@code (window) AND (filter)}. */
  private Optional<String> restriction(RunPlan plan) throws Exception {
    Optional<String> filter = plan.export().rowFilter();
    if (plan.window().isEmpty()) {
      return filter;
    }
    DateWindow window = plan.window().get();
    // Probed within the window (tables with require_partition_filter refuse an unfiltered session),
    // and named as the table spells it.
    DateColumn column = reader.probeDateColumn(plan.export().table(), plan.export().dateColumn().orElseThrow(), window);
    String restriction = window.rowRestriction(column.name(), column.type());
    return Optional.of(filter.map(f -> "(" + restriction + ") AND (" + f + ")").orElse(restriction));
  }

  /**
   * Opens the read session. BigQuery answers INVALID_ARGUMENT for a column or filter it cannot use;
   * when the export sets either, that is the user's setting to fix, named in the error.
   */
  private ReadSession createSession(ExportConfig export, Optional<String> restriction) {
    try {
      return reader.createSession(export.table(), export.columns(), restriction, maxStreams);
    } catch (InvalidArgumentException e) {
      boolean columns = !export.columns().isEmpty();
      boolean filter = export.rowFilter().isPresent();
      if (!columns && !filter) {
        throw e;
      }
      String text = String.valueOf(Status.fromThrowable(e).getDescription());
      String lower = text.toLowerCase(Locale.ROOT);
      String key;
      if (columns && (!filter || lower.contains("selected_field") || lower.contains("selected field"))) {
        key = key(export, "columns");
      } else if (filter && (!columns || lower.contains("restriction") || lower.contains("filter"))) {
        key = key(export, "row_filter");
      } else {
        key = key(export, "columns") + " or " + key(export, "row_filter");
      }
      throw new SettingRejectedException(key, "BigQuery rejected the read session (INVALID_ARGUMENT): " + text, e);
    }
  }

  private static String key(ExportConfig export, String setting) {
    return "exports." + export.name() + "." + setting;
  }

  private static RowEncoder rowEncoder(Schema schema, CsvFormat format, ExportFormat kind) {
    if (kind == ExportFormat.JSON) {
      return new ArrowJsonEncoder(schema)::encode;
    }
    return new ArrowCsvEncoder(schema, format)::encode;
  }

  /** The partner's OpenPGP key, read once per run (the file may have been rotated since startup). */
  private static Optional<PartWriter.Encryption> encryption(ExportConfig export) throws IOException {
    if (export.encryption().isEmpty()) {
      return Optional.empty();
    }
    var pgp = export.encryption().get();
    PGPPublicKey key;
    try {
      key = pgp.publicKeyFile().isPresent()
          ? PgpPublicKey.fromFile(Path.of(pgp.publicKeyFile().get()))
          : PgpPublicKey.fromText(pgp.publicKey().orElseThrow().reveal());
    } catch (IOException e) {
      throw new SettingRejectedException("exports." + export.name() + ".encryption", e.getMessage(), e);
    }
    PgpSigningKey signer = null;
    if (pgp.signingKeyFile().isPresent()) {
      try {
        signer = PgpSigningKey.fromFile(Path.of(pgp.signingKeyFile().get()),
            pgp.signingKeyPassphrase().map(s -> s.reveal().toCharArray()).orElse(new char[0]));
      } catch (IOException e) {
        throw new SettingRejectedException("exports." + export.name() + ".encryption.pgp_signing_key_file",
            e.getMessage(), e);
      }
    }
    PgpSigningKey signing = signer;
    // The literal packet carries the name the partner gets back when decrypting (without .pgp).
    return Optional.of((spool, name) -> PgpEncryptingStream.open(spool, key,
        name.substring(0, name.length() - export.fileSuffix().length()), signing));
  }


  private Optional<PartWriter.Gzip> gzip(ExportConfig export) {
    if (!export.compress()) {
      return Optional.empty();
    }
    return Optional.of(new PartWriter.Gzip(export.compressionLevel(), ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE,
        GZIP_BLOCKS_IN_FLIGHT, deflateExecutor));
  }

  /**
   * Reads every stream through the reader verticles into the run's parts: a {@link RunAssembler}
   * takes the chunks on its own worker context, one read order per stream goes to
   * {@link ReaderVerticle#ADDRESS}. Blocks until every stream was read and every chunk written;
   * the first failure (or an interrupt of this thread) cancels the other reads. Returns the rows
   * read (the Arrow batches' row counts), reconciled later with the rows the parts hold.
   */
  private long readAll(RunAssembler assembler, ReadSession session, Schema schema,
      ColumnOrder columns, Supplier<RowEncoder> encoders, int maxChunkBytes, RunProgress progress)
      throws Exception {
    List<ReadStream> streams = session.getStreamsList();
    if (streams.isEmpty()) {
      return 0;
    }
    await(readers, DEPLOY_TIMEOUT);
    var cancellation = new ReadCancellation();
    List<Future<Long>> reads = new ArrayList<>();
    for (ReadStream stream : streams) {
      var order = new ReadOrder(stream.getName(), schema, columns::apply, encoders, allocator, assembler.address(),
          maxChunkBytes, CHUNK_WINDOW, STAGE_REPLY_TIMEOUT.toMillis(), progress::bytesRead, cancellation);
      reads.add(vertx.eventBus().<Long>request(ReaderVerticle.ADDRESS, order,
          BusMessages.options(STAGE_REPLY_TIMEOUT.toMillis())).map(Message::body));
    }
    Promise<Long> all = Promise.promise();
    Future.all(reads).onComplete(ar -> {
      if (ar.succeeded()) {
        all.tryComplete(reads.stream().mapToLong(Future::result).sum());
      } else {
        all.tryFail(ar.cause());
      }
    });
    assembler.failed().onFailure(all::tryFail);
    try {
      return await(all.future(), null);
    } catch (Exception | Error e) {
      cancellation.cancel();
      // Every read has stopped before the parts are aborted: no chunk is written after that.
      boolean interrupted = Thread.interrupted();
      try {
        awaitQuietly(Future.join(reads), CLEANUP_TIMEOUT);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      // await has unwrapped the stage's own exception already; the assembler's failure comes first.
      Throwable root = assembler.failure() != null ? assembler.failure() : e;
      if (root instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  /**
   * Waits for a stage's future on this (blocking) thread; {@code timeout} null waits as long as the
   * stage runs (runs take hours), an interrupt of this thread ends the wait.
   */
  private static <T> T await(Future<T> future, Duration timeout) throws Exception {
    var waiting = future.toCompletionStage().toCompletableFuture();
    try {
      return timeout == null ? waiting.get() : waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = FailureReply.cause(e.getCause());
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  private static void awaitQuietly(Future<?> future, Duration timeout) {
    try {
      future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("stage did not settle cleanly: {}", e.toString());
    }
  }
}
