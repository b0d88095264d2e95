package org.examengine.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.ImportPackageCommand.OptionInput;
import org.examengine.application.port.in.ImportPackageCommand.QuestionInput;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a package file: JSON, or CSV for people who author in spreadsheets. Every question is checked
 * with the domain's rules while reading, so a bad file is rejected as a whole with the line of the first
 * problem, before anything is imported.
 *
 * <p>JSON: {@code {"id": "...", "title": "...", "questions": [{"id": "...", "text": "...", "weight": 1,
 * "options": [{"id": "...", "text": "...", "correct": true}, ...]}, ...]}}; ids and weights are optional. The
 * package's id may be written {@code packageId} instead, as the HTTP API first named it, so one body serves both.
 *
 * <p>CSV: one question per record, {@code question,option,option[,option...],correct}, where {@code correct}
 * is the letter (A, B, ...) or the 1-based number of the correct option. An optional first record whose first
 * column is {@code question} is a header. Questions get ids {@code q1, q2, ...} and options
 * {@code q1.a, q1.b, ...}; weights are 1.
 */
final class PackageFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private PackageFiles() {
    }

    /**
     * @param title the package title for CSV files (JSON files carry their own); null to use the file name
     * @throws ExamException {@code INVALID_PACKAGE} naming the file and line of the first problem
     */
    static ImportPackageCommand read(Path file, Actor actor, String packageId, String title) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        TextFiles.requireFile(file);
        if (name.endsWith(".json")) {
            return readJson(file, actor, packageId);
        }
        if (name.endsWith(".csv")) {
            String fallback = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            return readCsv(file, actor, packageId, title != null ? title : fallback);
        }
        throw ExamException.invalid(file + ": a package file ends in .json or .csv");
    }

    /** One question of a JSON package, as written in the file. */
    record QuestionJson(String id, String text, Integer weight, List<OptionJson> options) {
    }

    /** One option of a JSON package, as written in the file; a missing {@code correct} means false. */
    record OptionJson(String id, String text, Boolean correct) {
    }

    private static ImportPackageCommand readJson(Path file, Actor actor, String packageId) {
        String fileId = null;
        String title = null;
        List<QuestionInput> questions = new ArrayList<>();
        Set<String> optionIds = new HashSet<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, file, "a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id", "packageId" -> {
                        String given = text(p, value, file, field);
                        if (fileId != null && !fileId.equals(given)) {
                            throw problem(file, p.currentLocation().getLineNr(),
                                    "\"id\" and \"packageId\" are the same field and differ; give one");
                        }
                        fileId = given;
                    }
                    case "title" -> title = text(p, value, file, "title");
                    case "questions" -> {
                        expect(p, value, JsonToken.START_ARRAY, file, "an array of questions");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            int line = p.currentLocation().getLineNr();
                            QuestionJson q = JSON.readValue(p, QuestionJson.class);
                            questions.add(checked(q, questions.size() + 1, optionIds, file, line));
                        }
                    }
                    default -> throw problem(file, p.currentLocation().getLineNr(), "unknown field '" + field + "'");
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw problem(file, at == null ? 0 : at.getLineNr(), "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (title == null || title.isBlank()) {
            throw problem(file, 1, "the package needs a \"title\"");
        }
        if (questions.isEmpty()) {
            throw problem(file, 1, "the package needs at least one question in \"questions\"");
        }
        return new ImportPackageCommand(actor, packageId != null ? packageId : fileId, title, questions);
    }

    private static QuestionInput checked(QuestionJson q, int number, Set<String> optionIds, Path file, int line) {
        if (q.options() == null) {
            throw problem(file, line, "question " + number + " has no \"options\"");
        }
        String qid = q.id() != null ? q.id() : "q" + number;
        List<OptionInput> options = new ArrayList<>();
        char letter = 'a';
        for (OptionJson o : q.options()) {
            options.add(new OptionInput(o.id() != null ? o.id() : qid + "." + letter, o.text(),
                    Boolean.TRUE.equals(o.correct())));
            letter++;
        }
        return validated(new QuestionInput(qid, q.text(), options, q.weight() == null ? 1 : q.weight()), optionIds,
                file, line);
    }

    private static ImportPackageCommand readCsv(Path file, Actor actor, String packageId, String title) {
        List<QuestionInput> questions = new ArrayList<>();
        Set<String> optionIds = new HashSet<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();
        try (Reader reader = TextFiles.utf8(file);
             CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord record : parser) {
                int line = (int) parser.getCurrentLineNumber();
                if (questions.isEmpty() && record.size() > 0 && record.get(0).equalsIgnoreCase("question")) {
                    continue;
                }
                questions.add(csvQuestion(record, questions.size() + 1, optionIds, file, line));
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            throw problem(file, lineOf(e), "malformed CSV: " + rootMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (questions.isEmpty()) {
            throw problem(file, 1, "the file holds no question");
        }
        return new ImportPackageCommand(actor, packageId, title, questions);
    }

    private static QuestionInput csvQuestion(CSVRecord record, int number, Set<String> optionIds, Path file,
                                             int line) {
        if (record.size() < 4) {
            throw problem(file, line, "expected question, at least two options and the correct option; found "
                    + record.size() + " column" + (record.size() == 1 ? "" : "s"));
        }
        String marker = record.get(record.size() - 1);
        List<String> texts = record.toList().subList(1, record.size() - 1);
        String[] markers = marker.split("[;|/ ]+");
        if (markers.length > 1) {
            throw problem(file, line, "question " + number + " names more than one correct option (" + marker + ")");
        }
        int correct = correctIndex(marker, texts.size(), file, line);
        String qid = "q" + number;
        List<OptionInput> options = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            options.add(new OptionInput(qid + "." + (char) ('a' + i), texts.get(i), i == correct));
        }
        return validated(new QuestionInput(qid, record.get(0), options, 1), optionIds, file, line);
    }

    private static int correctIndex(String marker, int optionCount, Path file, int line) {
        int index;
        if (marker.matches("[A-Za-z]")) {
            index = Character.toUpperCase(marker.charAt(0)) - 'A';
        } else if (marker.matches("\\d{1,2}")) {
            index = Integer.parseInt(marker) - 1;
        } else {
            throw problem(file, line, "the last column names the correct option as a letter or number, not '"
                    + marker + "'");
        }
        if (index < 0 || index >= optionCount) {
            throw problem(file, line, "the correct option '" + marker + "' is not one of the " + optionCount
                    + " options");
        }
        return index;
    }

    /** Applies the domain's question rules now, so the error can name the line. */
    private static QuestionInput validated(QuestionInput q, Set<String> optionIds, Path file, int line) {
        List<Option> options;
        try {
            options = q.options().stream().map(o -> new Option(OptionId.of(o.id()), o.text(), o.correct())).toList();
            new Question(QuestionId.of(q.id()), q.text(), options, q.weight());
        } catch (ExamException e) {
            throw problem(file, line, e.getMessage());
        }
        for (Option o : options) {
            if (!optionIds.add(o.id().value())) {
                throw problem(file, line, "option id " + o.id() + " appears twice");
            }
        }
        return q;
    }

    private static String text(JsonParser p, JsonToken value, Path file, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw problem(file, p.currentLocation().getLineNr(), "\"" + field + "\" must be a string");
        }
        return p.getText();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, Path file, String what) {
        if (actual != expected) {
            throw problem(file, p.currentLocation().getLineNr(), "expected " + what);
        }
    }

    static ExamException problem(Path file, long line, String message) {
        return new ExamException(ErrorCode.INVALID_PACKAGE, file + (line > 0 ? " line " + line : "") + ": " + message);
    }

    private static long lineOf(RuntimeException e) {
        Matcher m = LINE.matcher(rootMessage(e));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
