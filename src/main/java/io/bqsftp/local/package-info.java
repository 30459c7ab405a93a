/**
 * An in-process BigQuery Storage Read API v1 server for the demo and for tests.
 *
 * <p>{@link io.bqsftp.local.LocalBigQueryServer} serves {@link io.bqsftp.local.LocalTable}s over
 * plaintext gRPC on 127.0.0.1 in ARROW format, framed as the real service frames them: the
 * session's {@code arrow_schema.serialized_schema} is one bare IPC schema message and each
 * {@code serialized_record_batch} one bare, uncompressed IPC record-batch message. It splits
 * rows over streams, honours {@code selected_fields}, the row restrictions the export service
 * generates ({@link io.bqsftp.local.RowRestriction}), {@code offset} and gRPC flow control, and can
 * fail streams on demand. Tables: {@link io.bqsftp.local.DemoTable} (generated, every type) and
 * {@link io.bqsftp.local.JsonLinesTable} ({@code bq}-style schema and NDJSON rows), and the
 * appendable export history tables ({@link io.bqsftp.local.HistoryTables}), which also take the
 * Storage Write API's AppendRows on their default stream.
 */
package io.bqsftp.local;
