/**
 * The {@code check} command's preflight: every step a run takes, tried once without exporting
 * (SFTP host key, login, a probe file in each export's folder, a Read API session on each table
 * with its window, the history table, the Pub/Sub subscription), each reported as a row.
 */
package io.bqsftp.preflight;
