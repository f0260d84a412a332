package dev.descent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Jackson's complaint about a file's JSON, said with where it is and without Jackson's internals. */
final class JsonErrors {

    private JsonErrors() {
    }

    /** e.g. {@code line 3, column 7: Unexpected character ('}' (code 125))...}. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return at == null || at.getLineNr() < 0 ? message
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
    }
}
