package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

class KindIndexTest {

    @Test
    void forgetsTheOldestChangesBeyondItsLimit() {
        // Given
        KindIndex index = new KindIndex(2);

        // When
        for (long version = 1; version <= 3; version++) {
            index.record(new KindIndex.Change(version, null, null, object("ns", "o" + version), "{}"));
        }

        // Then: a watch from 0 would miss change 1, a watch from 1 misses nothing
        assertThat(index.remembersAfter(0)).isFalse();
        assertThat(index.remembersAfter(1)).isTrue();
        assertThat(index.history()).extracting(KindIndex.Change::resourceVersion).containsExactly(2L, 3L);
    }

    @Test
    void anUpdatedObjectMovesToTheEndAndADeletedOneLeavesItsNamespace() {
        // Given
        KindIndex index = new KindIndex(10);
        index.put(object("east", "a"), "a1");
        index.put(object("east", "b"), "b1");
        index.put(object("west", "c"), "c1");

        // When
        index.put(object("east", "a"), "a2");
        index.remove(object("west", "c"));

        // Then
        assertThat(index.candidates(new AttributeSet())).extracting(Map.Entry::getValue).containsExactly("b1", "a2");
        assertThat(index.candidates(new AttributeSet(new Attribute("namespace", "east"))))
                .extracting(Map.Entry::getValue).containsExactly("b1", "a2");
        assertThat(index.candidates(new AttributeSet(new Attribute("namespace", "west")))).isEmpty();
        assertThat(index.named(new AttributeSet(), "a")).extracting(Map.Entry::getValue).containsExactly("a2");
        assertThat(index.size()).isEqualTo(2);
    }

    private static AttributeSet object(String namespace, String name) {
        return new AttributeSet(new Attribute("plural", "configmaps"), new Attribute("namespace", namespace),
                new Attribute("name", name));
    }
}
