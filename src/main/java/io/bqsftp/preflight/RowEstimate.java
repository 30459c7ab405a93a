package io.bqsftp.preflight;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.OptionalLong;

/**
 * The Read API's estimate of how many rows a run will read: a session on the same table and window
 * as the run's (sessions cost nothing until read). For the CLI's ETA; blocking.
 */
public final class RowEstimate {
  private RowEstimate() {}

  /** Empty when the server gives no estimate or the session cannot be opened (the run will say why). */
  public static OptionalLong of(ServiceConfig config, ExportConfig export, LocalDate runDate) {
    try (BigQueryReadClient client = ReadClientFactory.create(config.bigquery())) {
      var probe = new BigQueryProbe(new TableReader(client, config.bigquery().billingProject()));
      long rows = probe.session(export, runDate).session().getEstimatedRowCount();
      return rows > 0 ? OptionalLong.of(rows) : OptionalLong.empty();
    } catch (ApiException | IOException | IllegalArgumentException e) {
      return OptionalLong.empty();
    }
  }
}
