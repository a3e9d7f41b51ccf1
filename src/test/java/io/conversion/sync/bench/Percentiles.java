package io.conversion.sync.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of samples. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = samples.clone();
        Arrays.sort(this.sorted);
    }

    long percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted[sorted.length - 1];
    }
}
