package io.bqsftp.local;

/** A BigQuery RANGE value; a null bound is UNBOUNDED. */
public record RangeValue(Object start, Object end) {}
