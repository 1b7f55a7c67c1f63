package dev.lakehouse.validation.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the event ids passed on within a time window, bounded in count, so a resent event
 * is dropped. Ids of the batch in progress are staged: they count as seen within the batch but
 * are forgotten if its transaction aborts, so a retried batch is not mistaken for duplicates.
 */
public class DuplicateFilter {

    private final Duration window;
    private final int maxEntries;
    /** id -> when it was passed on, oldest first. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    private final Map<String, Instant> staged = new LinkedHashMap<>();

    public DuplicateFilter(Duration window, int maxEntries) {
        this.window = window;
        this.maxEntries = maxEntries;
    }

    /** @return true if the id is new (and is now staged), false if it is a duplicate */
    public synchronized boolean firstTime(String eventId, Instant now) {
        if (seen.containsKey(eventId) || staged.containsKey(eventId)) {
            return false;
        }
        staged.put(eventId, now);
        return true;
    }

    /** The batch's transaction committed: its ids are now seen; ids older than the window go. */
    public synchronized void commit(Instant now) {
        seen.putAll(staged);
        staged.clear();
        evict(now.minus(window));
    }

    public synchronized void abort() {
        staged.clear();
    }

    /** Loads an id known to have been passed on earlier (start-up rebuild from the validated topics). */
    public synchronized void remember(String eventId, Instant when) {
        seen.put(eventId, when);
        // Bounded here too, not only on commit: a rebuild (or any caller) loading more than
        // maxEntries ids must not grow the map past its cap. The first loaded go first.
        Iterator<String> oldest = seen.keySet().iterator();
        while (seen.size() > maxEntries && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private void evict(Instant oldestAllowed) {
        Iterator<Map.Entry<String, Instant>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> entry = oldest.next();
            if (seen.size() > maxEntries || entry.getValue().isBefore(oldestAllowed)) {
                oldest.remove();
            } else {
                break;
            }
        }
    }

    public synchronized int size() {
        return seen.size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Duration window() {
        return window;
    }
}
