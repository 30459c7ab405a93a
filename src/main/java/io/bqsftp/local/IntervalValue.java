package io.bqsftp.local;

/** A BigQuery INTERVAL as Arrow's MONTH_DAY_NANO interval holds it. */
public record IntervalValue(int months, int days, long nanos) {}
