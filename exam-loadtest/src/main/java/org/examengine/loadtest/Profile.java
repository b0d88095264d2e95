package org.examengine.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A short reading of the server's flight recording (taken with {@code --jfr=1}): where the CPU samples were, by
 * the method on top of the stack and by the engine's own method nearest to the top, as shares of all samples.
 */
final class Profile {

    private Profile() {
    }

    /** The {@code limit} hottest top-of-stack methods, then the hottest engine methods; empty when unreadable. */
    static List<String> hotMethods(Path recording, int limit) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> engine = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                top.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                for (RecordedFrame frame : stack.getFrames()) {
                    String n = name(frame);
                    if (n.startsWith("org.examengine.")) {
                        engine.merge(n, 1, Integer::sum);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("CPU samples: " + samples);
        lines.add("top of stack:");
        lines.addAll(ranked(top, samples, limit));
        lines.add("nearest engine method:");
        lines.addAll(ranked(engine, samples, limit));
        return lines;
    }

    private static List<String> ranked(Map<String, Integer> counts, int samples, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .map(e -> String.format("%6.1f%%  %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()))
                .toList();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
