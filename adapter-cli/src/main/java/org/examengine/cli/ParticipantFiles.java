package org.examengine.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.examengine.application.port.in.ScheduleAssessmentCommand.ParticipantInput;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Reads participants from a CSV file with a header row naming the columns {@code id} and {@code name}
 * (required; {@code displayName}, the API's name for it, is taken as well) and {@code employeeNumber} and
 * {@code email} (optional), in any order and any letter case.
 * Each row is checked with the domain's rules; a bad file is rejected as a whole with the line of the first
 * problem.
 */
final class ParticipantFiles {

    private ParticipantFiles() {
    }

    /** @throws ExamException {@code INVALID_INPUT} naming the file and line of the first problem */
    static List<ParticipantInput> read(Path file) {
        TextFiles.requireFile(file);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        List<ParticipantInput> participants = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (Reader reader = TextFiles.utf8(file);
             CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, String> columns = columns(parser, file);
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (!record.isConsistent()) {
                    throw problem(file, line, "expected " + parser.getHeaderNames().size() + " columns, found "
                            + record.size());
                }
                ParticipantInput p = new ParticipantInput(value(record, columns.get("id")),
                        value(record, columns.get("name")), value(record, columns.get("employeenumber")),
                        value(record, columns.get("email")));
                try {
                    new Participant(ParticipantId.of(p.id()), p.displayName(), p.employeeNumber(), p.email());
                } catch (ExamException e) {
                    throw problem(file, line, e.getMessage());
                }
                if (!ids.add(p.id())) {
                    throw problem(file, line, "participant id " + p.id() + " appears twice");
                }
                participants.add(p);
            }
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw problem(file, 0, "malformed CSV: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return participants;
    }

    /** Lower-cased column name to the header as written. */
    private static Map<String, String> columns(CSVParser parser, Path file) {
        Map<String, String> byName = new HashMap<>();
        parser.getHeaderNames().forEach(h -> byName.put(h.toLowerCase(Locale.ROOT), h));
        if (byName.containsKey("displayname")) {
            if (byName.containsKey("name")) {
                throw problem(file, 1, "the header row has both 'name' and 'displayName', the same column; keep one");
            }
            byName.put("name", byName.get("displayname"));
        }
        for (String required : List.of("id", "name")) {
            if (!byName.containsKey(required)) {
                throw problem(file, 1, "the header row needs a '" + required + "' column (found "
                        + parser.getHeaderNames() + ")");
            }
        }
        return byName;
    }

    private static String value(CSVRecord record, String column) {
        if (column == null) {
            return null;
        }
        String v = record.get(column);
        return v == null || v.isBlank() ? null : v;
    }

    private static ExamException problem(Path file, long line, String message) {
        return new ExamException(ErrorCode.INVALID_INPUT, file + (line > 0 ? " line " + line : "") + ": " + message);
    }
}
