package io.l7mp.mcw.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code kubectl get} columns of the built-in kinds MCW uses, after the Name column, as a real API server prints
 * them (the same headers and cell formats; {@code <none>} where kubectl shows it).
 */
final class BuiltInColumns {

    private static final String NONE = "<none>";

    private BuiltInColumns() {
    }

    static List<TableConverter.Column> of(KubeKind kind, TableConverter tables) {
        List<TableConverter.Column> columns = new ArrayList<>();
        Function<JsonNode, Object> age = o -> tables.age(o.path("metadata").path("creationTimestamp").asText(""));
        switch (kind.group() + "/" + kind.kind()) {
            case "/Namespace":
                columns.add(column("Status", "The status of the namespace", 0, o -> text(o, "status", "phase")));
                break;
            case "/Service":
                columns.add(column("Type", "The type of the service", 0, o -> text(o, "spec", "type")));
                columns.add(column("Cluster-IP", "The cluster IP of the service", 0,
                        o -> orNone(text(o, "spec", "clusterIP"))));
                columns.add(column("External-IP", "The external IPs of the service", 0, BuiltInColumns::externalIps));
                columns.add(column("Port(s)", "The ports of the service", 0, BuiltInColumns::servicePorts));
                break;
            case "/Endpoints":
                columns.add(column("Endpoints", "The endpoints of the set", 0, BuiltInColumns::endpoints));
                break;
            case "discovery.k8s.io/EndpointSlice":
                columns.add(column("AddressType", "The address type of the slice", 0,
                        o -> text(o, "addressType")));
                columns.add(column("Ports", "The ports of the slice", 0, o -> joined(o.path("ports"), "port", "<unset>")));
                columns.add(column("Endpoints", "The addresses of the slice", 0, BuiltInColumns::sliceAddresses));
                break;
            case "/Event":
            case "events.k8s.io/Event":
                return eventColumns(kind, tables);
            case "/ConfigMap":
                columns.add(column("Data", "The number of entries", 0, o -> o.path("data").size()));
                break;
            case "/Secret":
                columns.add(column("Type", "The type of the secret", 0, o -> text(o, "type")));
                columns.add(column("Data", "The number of entries", 0, o -> o.path("data").size()));
                break;
            case "apps/Deployment":
                columns.add(column("Ready", "Ready replicas out of desired", 0, o -> o.path("status")
                        .path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1)));
                columns.add(column("Up-to-date", "Updated replicas", 0,
                        o -> o.path("status").path("updatedReplicas").asInt(0)));
                columns.add(column("Available", "Available replicas", 0,
                        o -> o.path("status").path("availableReplicas").asInt(0)));
                break;
            case "/Pod":
                columns.add(column("Status", "The phase of the pod", 0, o -> text(o, "status", "phase")));
                break;
            case "coordination.k8s.io/Lease":
                columns.add(column("Holder", "The holder of the lease", 0,
                        o -> text(o, "spec", "holderIdentity")));
                break;
            default:
                break;
        }
        columns.add(new TableConverter.Column(new PrinterColumn("Age", "string", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
                ".metadata.creationTimestamp"), age));
        if ("/Service".equals(kind.group() + "/" + kind.kind())) {
            columns.add(column("Selector", "The selector of the service", 1, o -> selector(o.path("spec").path("selector"))));
        }
        return columns;
    }

    private static List<TableConverter.Column> eventColumns(KubeKind kind, TableConverter tables) {
        boolean core = kind.isCore();
        return List.of(
                column("Last Seen", "When the event was last seen", 0, o -> tables.age(firstText(o,
                        core ? "lastTimestamp" : "deprecatedLastTimestamp", "eventTime", "metadata.creationTimestamp"))),
                column("Type", "The type of the event", 0, o -> text(o, "type")),
                column("Reason", "The reason of the event", 0, o -> text(o, "reason")),
                column("Object", "The object the event is about", 0, o -> {
                    JsonNode regarding = o.path(core ? "involvedObject" : "regarding");
                    return regarding.path("kind").asText("").toLowerCase() + "/" + regarding.path("name").asText("");
                }),
                column("Message", "The message of the event", 0, o -> text(o, core ? "message" : "note")));
    }

    private static TableConverter.Column column(String name, String description, int priority,
            Function<JsonNode, Object> cell) {
        return new TableConverter.Column(new PrinterColumn(name, "string", "", description, priority, ""), cell);
    }

    private static String text(JsonNode object, String... path) {
        JsonNode node = object;
        for (String field : path) {
            node = node.path(field);
        }
        return node.isValueNode() ? node.asText() : "";
    }

    private static String firstText(JsonNode object, String... dottedPaths) {
        for (String dotted : dottedPaths) {
            String value = text(object, dotted.split("\\."));
            if (!value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    private static String orNone(String value) {
        return value.isEmpty() ? NONE : value;
    }

    private static String externalIps(JsonNode service) {
        JsonNode spec = service.path("spec");
        List<String> ips = new ArrayList<>();
        spec.path("externalIPs").forEach(ip -> ips.add(ip.asText()));
        switch (spec.path("type").asText("ClusterIP")) {
            case "ExternalName":
                return orNone(spec.path("externalName").asText(""));
            case "LoadBalancer":
                service.path("status").path("loadBalancer").path("ingress")
                        .forEach(i -> ips.add(i.has("ip") ? i.path("ip").asText() : i.path("hostname").asText()));
                return ips.isEmpty() ? "<pending>" : String.join(",", ips);
            default:
                return ips.isEmpty() ? NONE : String.join(",", ips);
        }
    }

    private static String servicePorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            String nodePort = port.has("nodePort") ? ":" + port.path("nodePort").asText() : "";
            ports.add(port.path("port").asText() + nodePort + "/" + port.path("protocol").asText("TCP"));
        }
        return ports.isEmpty() ? NONE : String.join(",", ports);
    }

    private static String endpoints(JsonNode endpoints) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                if (subset.path("ports").isEmpty()) {
                    addresses.add(address.path("ip").asText());
                }
                subset.path("ports").forEach(p -> addresses.add(address.path("ip").asText() + ":" + p.path("port").asText()));
            }
        }
        return addresses.isEmpty() ? NONE : String.join(",", addresses);
    }

    private static String sliceAddresses(JsonNode slice) {
        List<String> addresses = new ArrayList<>();
        slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> addresses.add(a.asText())));
        return addresses.isEmpty() ? "<unset>" : String.join(",", addresses);
    }

    private static String joined(JsonNode list, String field, String empty) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.path(field).asText()));
        return values.isEmpty() ? empty : String.join(",", values);
    }

    private static String selector(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        selector.fields().forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
        return terms.isEmpty() ? NONE : String.join(",", terms);
    }
}
