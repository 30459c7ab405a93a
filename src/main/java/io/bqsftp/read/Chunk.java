package io.bqsftp.read;

/**
 * Encoded rows on their way from a read stream to the run's files, passed by reference on the local
 * bus. {@code bytes[0, length)} ends on a row boundary and holds {@code rows} rows. The receiver
 * owns the array until it replies: the reader reuses it afterwards.
 */
public record Chunk(byte[] bytes, int length, long rows) {}
