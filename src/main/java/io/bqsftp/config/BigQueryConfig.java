package io.bqsftp.config;

import java.util.Optional;

/**
 * How to reach the BigQuery Storage Read API. With no endpoint the Google default is used with
 * Application Default Credentials; a loopback endpoint ({@code 127.0.0.1:PORT}) is used in plaintext
 * without credentials (the embedded server of demo and tests).
 */
public record BigQueryConfig(
    Optional<String> endpoint,
    Optional<String> billingProject,
    int maxStreams,
    boolean plaintext) {

  public static final int DEFAULT_MAX_STREAMS = 4;
}
