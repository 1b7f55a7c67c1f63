package dev.lakehouse.generator.ledger;

/**
 * One flat JSON object per line, written the way Jackson's generator writes it (same escapes,
 * no spaces, null for absent strings), but straight into a reused buffer: Jackson's per-value
 * bookkeeping was half of the ledger's cost in a profile. Field names are the caller's
 * constants and are not escaped.
 */
final class JsonLine {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder text = new StringBuilder(384);

    JsonLine start() {
        text.setLength(0);
        text.append('{');
        return this;
    }

    JsonLine number(String name, long value) {
        name(name).append(value);
        return this;
    }

    JsonLine string(String name, String value) {
        StringBuilder t = name(name);
        if (value == null) {
            t.append("null");
            return this;
        }
        t.append('"');
        if (plain(value)) {
            t.append(value);
        } else {
            escape(t, value);
        }
        t.append('"');
        return this;
    }

    /** The object, closed and followed by a newline. */
    String end() {
        return text.append("}\n").toString();
    }

    /** Ids, names and times: nothing to escape, so the string goes in at once. */
    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void escape(StringBuilder t, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> t.append("\\\"");
                case '\\' -> t.append("\\\\");
                case '\b' -> t.append("\\b");
                case '\t' -> t.append("\\t");
                case '\n' -> t.append("\\n");
                case '\f' -> t.append("\\f");
                case '\r' -> t.append("\\r");
                default -> {
                    if (c < 0x20) {
                        t.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        t.append(c);
                    }
                }
            }
        }
    }

    private StringBuilder name(String name) {
        if (text.length() > 1) {
            text.append(',');
        }
        return text.append('"').append(name).append("\":");
    }
}
