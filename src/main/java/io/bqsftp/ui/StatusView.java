package io.bqsftp.ui;

import static io.bqsftp.ui.Html.esc;

import io.bqsftp.contract.TrackedRun;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders the status page and the login form as HTML. Every value that comes from outside this
 * class (config, ledger, run ids, error messages) goes through {@link Html#esc}; the page's
 * behaviour is in /ui/assets/status.js, loaded from the same origin (the CSP allows nothing else).
 */
final class StatusView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatusView() {}

  static String login(Optional<String> problem) {
    StringBuilder html = head("Sign in");
    html.append("<main class=\"login\"><h1>bq-sftp-export</h1>\n");
    problem.ifPresent(p -> html.append("<p class=\"error\" role=\"alert\">").append(esc(p)).append("</p>\n"));
    html.append("""
        <form method="post" action="/ui/login">
        <label for="token">Bearer token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        <button id="sign-in" type="submit">Sign in</button>
        </form>
        </main>
        </body>
        </html>
        """);
    return html.toString();
  }

  static String page(StatusModel model) {
    StringBuilder html = head("Status");
    html.append("<header><h1>bq-sftp-export</h1><p>as of <time>").append(esc(time(model.now()))).append("</time></p>");
    if (model.loginRequired()) {
      html.append("<form method=\"post\" action=\"/ui/logout\"><button type=\"submit\">Sign out</button></form>");
    }
    html.append("</header>\n<main>\n");
    model.ledgerProblem().ifPresent(p ->
        html.append("<p class=\"error\" role=\"alert\">Export history unavailable: ").append(esc(p)).append("</p>\n"));
    exports(html, model);
    running(html, model.running());
    failed(html, model.failed());
    recent(html, model.recent());
    html.append("</main>\n<script src=\"/ui/assets/status.js\"></script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder(8192).append("""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>bq-sftp-export: """).append(esc(title)).append("""
        </title>
        <link rel="stylesheet" href="/ui/assets/status.css">
        </head>
        <body>
        """);
  }

  private static void exports(StringBuilder html, StatusModel model) {
    html.append("<section id=\"exports\"><h2>Exports</h2>\n<table><thead><tr><th>Export</th><th>Source table</th>"
        + "<th>Type</th><th>Last success</th><th>Last failure</th></tr></thead><tbody>\n");
    for (StatusModel.ExportRow row : model.exports()) {
      var export = row.config();
      html.append("<tr data-export=\"").append(esc(export.name())).append("\"><td>").append(esc(export.name()))
          .append("</td><td>").append(esc(export.sourceTable())).append("</td><td>")
          .append(esc(export.exportType().key())).append("</td><td class=\"last-success\">");
      row.lastSuccess().ifPresentOrElse(
          r -> html.append(esc(r.runDate())).append(" <small>").append(esc(r.completedAt().map(StatusView::time).orElse("")))
              .append(", ").append(esc(number(r.rowsExported()))).append(" rows</small>"),
          () -> html.append(row.history().isPresent() ? "never" : "unknown"));
      html.append("</td><td class=\"last-failure\">");
      row.lastFailure().ifPresentOrElse(
          r -> html.append(esc(r.runDate())).append(" <small>").append(esc(r.completedAt().map(StatusView::time).orElse("")))
              .append("</small><br><span class=\"error\">").append(esc(r.errorMessage().orElse(""))).append("</span>"),
          () -> html.append(row.history().isPresent() ? "none" : "unknown"));
      html.append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void running(StringBuilder html, List<TrackedRun> running) {
    html.append("<section id=\"running\"><h2>Running</h2>\n");
    if (running.isEmpty()) {
      html.append("<p class=\"empty\">No export is running.</p></section>\n");
      return;
    }
    html.append("<table><thead><tr><th>Run</th><th>Export</th><th>Date</th><th>Started</th><th>Rows</th>"
        + "<th>CSV bytes</th><th>Status</th></tr></thead><tbody>\n");
    for (TrackedRun run : running) {
      html.append("<tr data-run-id=\"").append(esc(run.runId())).append("\"><td>").append(esc(run.runId()))
          .append("</td><td>").append(esc(run.exportName())).append("</td><td>").append(esc(run.date()))
          .append("</td><td>").append(esc(time(run.startedAt())))
          .append("</td><td data-field=\"rows\">").append(esc(number(run.rows())))
          .append("</td><td data-field=\"csv_bytes\">").append(esc(number(run.csvBytes())))
          .append("</td><td data-field=\"status\">").append(esc(run.status().text())).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void failed(StringBuilder html, List<StatusModel.LedgerRun> failed) {
    html.append("<section id=\"failed\"><h2>Failed runs</h2>\n");
    if (failed.isEmpty()) {
      html.append("<p class=\"empty\">No failed run waits for a retry.</p></section>\n");
      return;
    }
    for (StatusModel.LedgerRun entry : failed) {
      var run = entry.run();
      html.append("<article class=\"run failed\" data-run=\"").append(esc(run.runId())).append("\"><h3>")
          .append(esc(run.exportName())).append(" ").append(esc(run.runDate())).append(" <small>")
          .append(esc(run.runId())).append("</small></h3>\n<p class=\"error\">")
          .append(esc(run.errorMessage().orElse("failed"))).append("</p>\n");
      long staged = entry.files().stream().filter(f -> f.status() == FileState.STAGED).count();
      html.append("<p>").append(staged).append(" staged file(s) of ").append(entry.files().size()).append(" recorded. ")
          .append("<button type=\"button\" class=\"retry\" data-export=\"").append(esc(run.exportName()))
          .append("\" data-date=\"").append(esc(run.runDate())).append("\">Retry</button> ")
          .append("<output class=\"retry-result\" aria-live=\"polite\"></output></p>\n");
      files(html, entry.files(), true);
      html.append("</article>\n");
    }
    html.append("</section>\n");
  }

  private static void recent(StringBuilder html, List<StatusModel.LedgerRun> recent) {
    html.append("<section id=\"recent\"><h2>Recent runs</h2>\n");
    if (recent.isEmpty()) {
      html.append("<p class=\"empty\">No run is recorded yet.</p></section>\n");
      return;
    }
    for (StatusModel.LedgerRun entry : recent) {
      var run = entry.run();
      html.append("<details class=\"run ").append(esc(run.status().text())).append("\" data-run=\"")
          .append(esc(run.runId())).append("\"><summary><span class=\"status\">").append(esc(run.status().text()))
          .append("</span> ").append(esc(run.exportName())).append(" ").append(esc(run.runDate()))
          .append(" <small>").append(esc(run.runId())).append(", started ").append(esc(time(run.startedAt())))
          .append(", ").append(esc(number(run.rowsExported()))).append(" rows, ").append(entry.files().size())
          .append(" file(s)</small></summary>\n");
      run.errorMessage().ifPresent(e -> html.append("<p class=\"error\">").append(esc(e)).append("</p>\n"));
      files(html, entry.files(), false);
      html.append("</details>\n");
    }
    html.append("</section>\n");
  }

  private static void files(StringBuilder html, List<FileRecord> files, boolean withStaging) {
    if (files.isEmpty()) {
      html.append("<p class=\"empty\">No file recorded.</p>\n");
      return;
    }
    html.append("<table class=\"files\"><thead><tr><th>File</th><th>Status</th><th>Rows</th><th>Bytes</th><th>SHA-256</th>");
    if (withStaging) {
      html.append("<th>Staged at</th><th>Error</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (FileRecord file : files) {
      html.append("<tr><td class=\"name\">").append(esc(file.fileName())).append("</td><td class=\"status\">")
          .append(esc(file.status().text())).append("</td><td class=\"num\">").append(esc(number(file.rows())))
          .append("</td><td class=\"num\">").append(esc(number(file.bytes()))).append("</td><td class=\"sha\"><code>")
          .append(esc(file.sha256())).append("</code></td>");
      if (withStaging) {
        html.append("<td>").append(esc(file.stagedUri().orElse(""))).append("</td><td>")
            .append(esc(file.errorMessage().orElse(""))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
