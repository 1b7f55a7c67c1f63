package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a ledger directory back: for tests, audits and the end-to-end reconciliation. */
public final class LedgerReader {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LedgerReader() {}

    public static List<LedgerEntry> entries(Path dir) {
        ObjectReader reader = MAPPER.readerFor(LedgerEntry.class);
        List<LedgerEntry> entries = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(dir.resolve(Ledger.ENTRIES))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    entries.add(reader.readValue(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger in " + dir, e);
        }
        return entries;
    }

    public static LedgerSummary summary(Path dir) {
        try {
            return MAPPER.readValue(dir.resolve(Ledger.SUMMARY).toFile(), LedgerSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger summary in " + dir, e);
        }
    }
}
