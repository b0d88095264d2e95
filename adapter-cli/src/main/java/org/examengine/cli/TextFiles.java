package org.examengine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the UTF-8 text files the commands take. */
final class TextFiles {

    private static final int BYTE_ORDER_MARK = 0xFEFF;

    private TextFiles() {
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
