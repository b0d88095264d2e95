package org.examengine.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latencies and errors per operation of one scenario ({@code StartExam}, {@code SaveAnswer}, ...), safe to record
 * into from many threads. An error is an answer other than the expected one or a failed connection; a 429 of the
 * start bucket is not an error but is counted on its own. The first few error messages are kept for the report.
 */
final class Operations {

    private final Map<String, Latencies> latencies = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, AtomicLong> errors = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());

    /** The histogram of {@code operation}, created on first use. */
    Latencies of(String operation) {
        return latencies.computeIfAbsent(operation, k -> new Latencies());
    }

    void error(String operation, String message) {
        errors.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        if (firstErrors.size() < 10) {
            firstErrors.add(operation + ": " + message);
        }
    }

    long errors() {
        synchronized (errors) {
            return errors.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    long errors(String operation) {
        AtomicLong n = errors.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The operations recorded so far, in the order they first appeared. */
    Map<String, Latencies> all() {
        synchronized (latencies) {
            return new LinkedHashMap<>(latencies);
        }
    }

    List<String> firstErrors() {
        synchronized (firstErrors) {
            return List.copyOf(firstErrors);
        }
    }
}
