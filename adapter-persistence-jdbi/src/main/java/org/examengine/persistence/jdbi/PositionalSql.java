package org.examengine.persistence.jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Statements of the shared schema SQL, written with named parameters, turned into plain JDBC ones. */
final class PositionalSql {

    /** The parameters of the response upsert ({@link Dialect#upsertResponseByPosition()}), in their order. */
    static final List<String> UPSERT_RESPONSE_PARAMETERS =
            List.of("session_id", "question_id", "option_id", "client_seq", "saved_at");

    private static final Pattern NAMED_PARAMETER = Pattern.compile(":([a-z_]+)");

    private PositionalSql() {
    }

    /**
     * The statement with each named parameter replaced by {@code ?}.
     *
     * @throws IllegalArgumentException unless the statement names exactly {@code names}, each once, in that order
     */
    static String byPosition(String namedSql, List<String> names) {
        Matcher m = NAMED_PARAMETER.matcher(namedSql);
        List<String> found = new ArrayList<>();
        StringBuilder positional = new StringBuilder();
        while (m.find()) {
            found.add(m.group(1));
            m.appendReplacement(positional, "?");
        }
        m.appendTail(positional);
        if (!found.equals(names)) {
            throw new IllegalArgumentException("expected the parameters " + names + " in this order, found " + found
                    + " in: " + namedSql);
        }
        return positional.toString();
    }
}
