package dev.lakehouse.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of docs/configuration.md (the programs' own tests hold that file to the code), as the deploy files may
 * spell them: a key, a key of a family ({@code lakehouse.catalog.prop.<p>}, a dotted name maybe quoted), or a
 * key's environment spelling (MicroProfile: upper case, '_' for every other character). Families have no
 * environment spelling.
 */
final class Vocabulary {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(lakehouse\\.[^`]+)`\\s*\\|");
    /** The default cell of a row, when it is one upper-case environment variable name. */
    private static final Pattern NAMED_VARIABLE = Pattern.compile("^\\|[^|]*\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|");

    private final Set<Pattern> keys = new java.util.LinkedHashSet<>();
    private final Set<String> environmentNames = new TreeSet<>();

    static Vocabulary read(Path doc) throws IOException {
        Vocabulary v = new Vocabulary();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                String key = m.group(1);
                StringBuilder regex = new StringBuilder();
                for (String part : key.split("(?=<)|(?<=>)")) {
                    regex.append(part.startsWith("<") ? ".+" : Pattern.quote(part));
                }
                v.keys.add(Pattern.compile(regex.toString()));
                if (!key.contains("<")) {
                    v.environmentNames.add(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
                }
                // A key ending in -env names a variable (lakehouse.pii.hmac-key-env): its default is a name too.
                Matcher d = NAMED_VARIABLE.matcher(line);
                if (key.endsWith("-env") && d.find()) {
                    v.environmentNames.add(d.group(1));
                }
            }
        }
        return v;
    }

    boolean hasKey(String key) {
        return keys.stream().anyMatch(p -> p.matcher(key).matches());
    }

    boolean hasEnvironmentName(String name) {
        return environmentNames.contains(name);
    }
}
