package org.examengine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.examengine.domain.shared.ExamException;

/** Reading the UTF-8 text files the commands take. */
final class TextFiles {

    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private TextFiles() {
    }

    /** Refuses a path that is not a readable regular file, saying what it is instead. */
    static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw ExamException.invalid(file + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw ExamException.invalid("no such file: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw ExamException.invalid("cannot read " + file);
        }
    }

    /**
     * Opens a UTF-8 file, past the byte order mark that some editors write at its start (a spreadsheet's "CSV UTF-8"
     * does), which would otherwise become part of its first cell.
     */
    static Reader utf8(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            reader.mark(1);
            if (reader.read() != BYTE_ORDER_MARK) {
                reader.reset();
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }
}
