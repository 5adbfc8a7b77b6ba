package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/** What {@code --wan-policy=P} names among the WAN policies of a cluster ({@link PolicyResolver}). */
public sealed interface PolicyResolution {

    String requested();

    /** A policy is named exactly {@code requested}. */
    record Exact(String requested, String policy) implements PolicyResolution {
    }

    /** No policy is named {@code requested}; exactly one ends in {@code -requested}. */
    record BySuffix(String requested, String policy) implements PolicyResolution {
    }

    /** Several policies end in {@code -requested}. */
    record Ambiguous(String requested, List<String> candidates) implements PolicyResolution {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }
    }

    /** Nothing matches; {@code available} lists every policy of the cluster. */
    record NotFound(String requested, List<String> available) implements PolicyResolution {
        public NotFound {
            available = List.copyOf(available);
        }
    }
}
