package io.l7mp.mcw.export.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.l7mp.mcw.api.event.ExportEvent;

/**
 * What to send so that the exports topic holds exactly this cluster's desired events: an event
 * where the topic holds something else, a tombstone where it holds a key no longer desired.
 * Sends already on their way (not yet read back into the view) are not repeated.
 */
final class EventDiff {

    /** One record to send; an empty event is a tombstone. */
    record Change(String key, Optional<ExportEvent> event) {
        boolean tombstone() {
            return event.isEmpty();
        }
    }

    private EventDiff() {
    }

    /**
     * @param desired this cluster's desired events by key
     * @param actual the topic view, this cluster's keys only
     * @param inFlight what was last sent per key and not yet seen in the view
     */
    static List<Change> changes(Map<String, ExportEvent> desired, Map<String, ExportEvent> actual,
            Map<String, Optional<ExportEvent>> inFlight) {
        TreeSet<String> keys = new TreeSet<>(desired.keySet());
        keys.addAll(actual.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            Optional<ExportEvent> want = Optional.ofNullable(desired.get(key));
            if (!Objects.equals(want.orElse(null), actual.get(key)) && !want.equals(inFlight.get(key))) {
                changes.add(new Change(key, want));
            }
        }
        return changes;
    }

    /** Forgets the sends that the view now shows, so that a later change of mind is sent again. */
    static void settle(Map<String, Optional<ExportEvent>> inFlight, Map<String, ExportEvent> actual) {
        inFlight.entrySet().removeIf(e -> Objects.equals(e.getValue().orElse(null), actual.get(e.getKey())));
    }
}
