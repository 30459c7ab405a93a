package io.bqsftp.preflight;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Runs every preflight step for the given exports of a loaded (hence valid) config. Blocking. */
public final class Preflight {
  private final ServiceConfig config;

  public Preflight(ServiceConfig config) {
    this.config = config;
  }

  public CheckReport run(Collection<ExportConfig> exports, LocalDate runDate) {
    List<CheckResult> results = new ArrayList<>();
    results.add(CheckResult.ok(CheckResult.SERVICE, "config", exports.size() + " export(s) to check, of "
        + config.exports().size() + " configured"));
    SftpProbe sftp = new SftpProbe(config);
    BigQueryReadClient client = null;
    String clientError = null;
    try {
      client = ReadClientFactory.create(config.bigquery());
    } catch (IOException e) {
      clientError = "cannot create the Read API client: " + e.getMessage();
    }
    try {
      BigQueryProbe bigquery = client == null ? null
          : new BigQueryProbe(new TableReader(client, config.bigquery().billingProject()));
      for (ExportConfig export : exports) {
        results.addAll(sftp.check(export));
        results.add(bigquery != null ? bigquery.read(export, runDate)
            : CheckResult.failed(export.name(), "bigquery.read", clientError));
      }
      if (bigquery != null) {
        config.exportMetadataTable().ifPresent(table -> results.addAll(bigquery.history(table)));
      }
    } finally {
      if (client != null) {
        client.close();
      }
    }
    new PubSubProbe().check(config.triggers()).ifPresent(results::add);
    return new CheckReport(results);
  }
}
