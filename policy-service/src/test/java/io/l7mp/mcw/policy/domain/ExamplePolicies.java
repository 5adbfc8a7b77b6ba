package io.l7mp.mcw.policy.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyMapper;

/**
 * The seed's WANPolicy examples (copied to src/test/resources/examples) as domain definitions. The YAML
 * has no creation times, so policies get one a minute apart in file order: the first file's are oldest.
 */
final class ExamplePolicies {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final String VALID = "/examples/wanpolicies.yaml";
    static final String INVALID = "/examples/wanpolicies-invalid.yaml";

    private ExamplePolicies() {
    }

    /** The valid seed policies, then the invalid ones, created in that order from {@link #T0}. */
    static List<PolicyDefinition> all() {
        List<PolicyDefinition> out = new ArrayList<>();
        for (WANPolicy p : read(VALID)) {
            out.add(WanPolicyMapper.definition(p).withCreatedAt(T0.plus(Duration.ofMinutes(out.size()))));
        }
        for (WANPolicy p : read(INVALID)) {
            out.add(WanPolicyMapper.definition(p).withCreatedAt(T0.plus(Duration.ofMinutes(out.size()))));
        }
        return out;
    }

    static List<WANPolicy> read(String resource) {
        List<WANPolicy> policies = new ArrayList<>();
        try (InputStream in = ExamplePolicies.class.getResourceAsStream(resource);
                MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(in)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isEmpty()) {
                    policies.add(SERIALIZATION.convertValue(doc, WANPolicy.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return policies;
    }
}
