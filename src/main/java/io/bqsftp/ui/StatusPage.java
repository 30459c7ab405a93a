package io.bqsftp.ui;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.Secret;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.RunRegistry;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.ledger.ExportHistory;
import io.bqsftp.ledger.Ledger;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page at {@code GET /ui}: server-rendered HTML of the configured exports with their
 * last success and failure, running runs (live: the page polls {@code GET /runs/{id}}), recent runs
 * with their files and failed runs with a Retry button (which calls the retry route). With a bearer
 * token configured, {@code GET /ui} without a session shows a login form that posts the token to
 * {@code /ui/login}, which sets the {@link UiSession} cookie.
 */
public final class StatusPage {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
  /** Runs listed under "Recent runs" and "Failed runs". */
  static final int RECENT_RUNS = 20;
  private static final long LOGIN_BODY_BYTES = 4096;
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Pattern RUN_PATH = Pattern.compile("/runs/[^/]+");
  private static final Pattern RETRY_PATH = Pattern.compile("/exports/[^/]+/runs/[^/]+/retry");
  private static final Map<String, String> ASSETS = Map.of(
      "status.js", "application/javascript; charset=utf-8",
      "status.css", "text/css; charset=utf-8");

  private final Vertx vertx;
  private final ServiceConfig config;
  private final RunRegistry registry;
  private final Optional<Ledger> ledger;
  private final Optional<UiSession> session;
  private final Clock clock;

  public StatusPage(Vertx vertx, ServiceConfig config, RunRegistry registry, Optional<Ledger> ledger) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.ledger = ledger;
    this.session = config.triggers().authToken().map(UiSession::new);
    this.clock = Clock.systemUTC();
  }

  public Router mount(Router router) {
    router.get("/ui").handler(this::page);
    router.get("/ui/assets/:file").handler(StatusPage::asset);
    router.post("/ui/login").handler(BodyHandler.create().setBodyLimit(LOGIN_BODY_BYTES));
    router.post("/ui/login").handler(this::login);
    router.post("/ui/logout").handler(StatusPage::logout);
    return router;
  }

  /** Paths the bearer check lets through without credentials: the login form's target and its assets. */
  public static boolean isPublic(HttpMethod method, String path) {
    return (method == HttpMethod.POST && path.equals("/ui/login"))
        || (method == HttpMethod.GET && path.startsWith("/ui/assets/"));
  }

  /** Requests that answer an unauthenticated browser with the login form instead of a 401 JSON error. */
  public static boolean isLoginPage(HttpMethod method, String path) {
    return method == HttpMethod.GET && (path.equals("/ui") || path.equals("/ui/"));
  }

  /** The requests the page makes, which the session cookie authorizes (the API's other routes need the bearer header). */
  public static boolean acceptsSessionCookie(HttpMethod method, String path) {
    return (method == HttpMethod.GET && (path.equals("/ui") || RUN_PATH.matcher(path).matches()))
        || (method == HttpMethod.POST && (path.equals("/ui/logout") || RETRY_PATH.matcher(path).matches()));
  }

  /** Answers with the login form ({@code 401}). */
  public static void loginForm(RoutingContext ctx, Optional<String> problem) {
    html(ctx, 401, StatusView.login(problem));
  }

  private void page(RoutingContext ctx) {
    vertx.executeBlocking(this::model, false)
        .onSuccess(model -> html(ctx, 200, StatusView.page(model)))
        .onFailure(e -> {
          LOG.error("status page failed", e);
          html(ctx, 500, "<!doctype html><title>error</title><p>The status page failed; see the service log.</p>");
        });
  }

  /** Reads the ledger (blocking: a file or BigQuery) and the registry. */
  StatusModel model() {
    List<StatusModel.ExportRow> exports = new ArrayList<>();
    List<StatusModel.LedgerRun> runs = new ArrayList<>();
    Optional<String> problem = ledger.isEmpty() ? Optional.of("no ledger in this process") : Optional.empty();
    for (ExportConfig export : config.exports().values()) {
      Optional<ExportHistory> history = Optional.empty();
      if (ledger.isPresent() && problem.isEmpty()) {
        try {
          history = Optional.of(ledger.get().history(export.name()));
        } catch (IOException | RuntimeException e) {
          LOG.warn("status page: cannot read the history of {}: {}", export.name(), e.getMessage());
          problem = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
      }
      exports.add(new StatusModel.ExportRow(export, history));
      history.ifPresent(h -> h.runs().forEach(r -> runs.add(new StatusModel.LedgerRun(r, h.files(r.runId())))));
    }
    runs.sort(Comparator.comparing((StatusModel.LedgerRun r) -> r.run().startedAt()).reversed());
    return new StatusModel(clock.instant(), session.isPresent(), exports,
        registry.runs().stream().filter(r -> r.status() == RunStatus.RUNNING).toList(),
        failedAwaitingRetry(runs), runs.stream().limit(RECENT_RUNS).toList(), problem);
  }

  /** The latest run of each export and date, where that run failed: what a retry would act on. */
  private static List<StatusModel.LedgerRun> failedAwaitingRetry(List<StatusModel.LedgerRun> newestFirst) {
    List<StatusModel.LedgerRun> failed = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (StatusModel.LedgerRun entry : newestFirst) {
      if (seen.add(entry.run().exportName() + "/" + entry.run().runDate()) && entry.run().status() == RunStatus.FAILED) {
        failed.add(entry);
      }
    }
    return failed.stream().limit(RECENT_RUNS).toList();
  }

  private void login(RoutingContext ctx) {
    if (session.isEmpty()) {
      redirect(ctx);
      return;
    }
    String token = ctx.request().getFormAttribute("token");
    if (!session.get().validToken(token)) {
      loginForm(ctx, Optional.of("That token is not valid."));
      return;
    }
    ctx.response().addCookie(session.get().cookie(ctx.request()));
    redirect(ctx);
  }

  private static void logout(RoutingContext ctx) {
    ctx.response().addCookie(UiSession.expired(ctx.request()));
    redirect(ctx);
  }

  private static void redirect(RoutingContext ctx) {
    ctx.response().setStatusCode(303).putHeader("Location", "/ui").putHeader("Cache-Control", "no-store").end();
  }

  private static void asset(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    String type = ASSETS.get(file);
    if (type == null) {
      ctx.fail(404);
      return;
    }
    ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff").end(Buffer.buffer(resource(file)));
  }

  private static byte[] resource(String file) {
    try (InputStream in = StatusPage.class.getResourceAsStream("/ui/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /ui/" + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void html(RoutingContext ctx, int status, String html) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(html);
  }
}
