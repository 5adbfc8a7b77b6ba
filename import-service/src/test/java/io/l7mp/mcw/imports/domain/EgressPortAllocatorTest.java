package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.EgressPort;

class EgressPortAllocatorTest {
    private static final PortRange RANGE = new PortRange(40000, 40999);
    private static final ServiceRef PAYMENT = new ServiceRef("secure", "payment");
    private static final ServiceRef CART = new ServiceRef("shop", "cart");
    private static final ServiceRef SEARCH = new ServiceRef("shop", "search");
    private static final ImportPort HTTP = new ImportPort("http", "TCP", null, 8080);
    private static final ImportPort GRPC = new ImportPort("grpc", "TCP", "kubernetes.io/h2c", 9090);

    @Test
    void sameInputGivesSameOutputWhateverTheMapOrder() {
        // Given
        Map<ServiceRef, List<ImportPort>> forward = new LinkedHashMap<>();
        forward.put(PAYMENT, List.of(HTTP, GRPC));
        forward.put(CART, List.of(HTTP));
        forward.put(SEARCH, List.of(HTTP));
        Map<ServiceRef, List<ImportPort>> backward = new LinkedHashMap<>();
        backward.put(SEARCH, List.of(HTTP));
        backward.put(CART, List.of(HTTP));
        backward.put(PAYMENT, List.of(HTTP, GRPC));

        // When
        Map<ServiceRef, PortAllocation> first = EgressPortAllocator.allocate(RANGE, Map.of(), forward);
        Map<ServiceRef, PortAllocation> again = EgressPortAllocator.allocate(RANGE, Map.of(), forward);
        Map<ServiceRef, PortAllocation> reordered = EgressPortAllocator.allocate(RANGE, Map.of(), backward);

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(reordered).isEqualTo(first);
        assertThat(first.values()).allSatisfy(a -> assertThat(a).isInstanceOf(PortAllocation.Allocated.class));
        assertThat(egressPorts(first)).doesNotHaveDuplicates().allMatch(RANGE::contains);
    }

    @Test
    void existingAllocationsAreKeptWhenOtherImportsComeAndGo() {
        // Given: payment holds 40500 and 40501 from an earlier run
        Map<ServiceRef, List<EgressPort>> existing = Map.of(PAYMENT,
                List.of(new EgressPort("http", "TCP", 8080, 40500), new EgressPort("grpc", "TCP", 9090, 40501)));

        // When: cart comes, then search comes and cart goes
        Map<ServiceRef, PortAllocation> withCart = EgressPortAllocator.allocate(RANGE, existing,
                Map.of(PAYMENT, List.of(HTTP, GRPC), CART, List.of(HTTP)));
        Map<ServiceRef, List<EgressPort>> recorded = withCart.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().ports()));
        Map<ServiceRef, PortAllocation> withSearch = EgressPortAllocator.allocate(RANGE, recorded,
                Map.of(PAYMENT, List.of(HTTP, GRPC), SEARCH, List.of(HTTP)));

        // Then
        assertThat(withCart.get(PAYMENT).ports()).extracting(EgressPort::egressPort).containsExactly(40500, 40501);
        assertThat(withSearch.get(PAYMENT).ports()).extracting(EgressPort::egressPort).containsExactly(40500, 40501);
        assertThat(withSearch).doesNotContainKey(CART);
    }

    @Test
    void anImportKeepsItsPortsWhenAnotherImportIsRemoved() {
        // Given
        Map<ServiceRef, PortAllocation> both = EgressPortAllocator.allocate(RANGE, Map.of(),
                Map.of(PAYMENT, List.of(HTTP), CART, List.of(HTTP)));
        Map<ServiceRef, List<EgressPort>> recorded = Map.of(PAYMENT, both.get(PAYMENT).ports(), CART,
                both.get(CART).ports());

        // When
        Map<ServiceRef, PortAllocation> paymentOnly = EgressPortAllocator.allocate(RANGE, recorded,
                Map.of(PAYMENT, List.of(HTTP)));

        // Then
        assertThat(paymentOnly.get(PAYMENT)).isEqualTo(both.get(PAYMENT));
        assertThat(paymentOnly).containsOnlyKeys(PAYMENT);
    }

    @Test
    void twoIndependentComputationsAgree() {
        // Given: two replicas that see the same exports and ServiceImports
        Map<ServiceRef, List<EgressPort>> existing = Map.of(CART, List.of(new EgressPort("http", "TCP", 8080, 40007)));
        Map<ServiceRef, List<ImportPort>> requests = Map.of(PAYMENT, List.of(HTTP, GRPC), CART, List.of(HTTP),
                SEARCH, List.of(GRPC));

        // When
        Map<ServiceRef, PortAllocation> replicaA = EgressPortAllocator.allocate(RANGE, Map.copyOf(existing),
                Map.copyOf(requests));
        Map<ServiceRef, PortAllocation> replicaB = EgressPortAllocator.allocate(RANGE, new LinkedHashMap<>(existing),
                new LinkedHashMap<>(requests));

        // Then
        assertThat(replicaB).isEqualTo(replicaA);
    }

    @Test
    void aNewPortTakesItsPreferredSlotWhateverElseIsImported() {
        // Given: the preferred slot depends only on the port's identity
        int preferred = RANGE.start() + EgressPortAllocator.preferredSlot(RANGE, PAYMENT, HTTP);

        // When
        PortAllocation alone = EgressPortAllocator.allocate(RANGE, Map.of(), Map.of(PAYMENT, List.of(HTTP)))
                .get(PAYMENT);
        PortAllocation withOthers = EgressPortAllocator.allocate(RANGE, Map.of(),
                Map.of(PAYMENT, List.of(HTTP), SEARCH, List.of(HTTP, GRPC))).get(PAYMENT);

        // Then
        assertThat(alone.ports()).extracting(EgressPort::egressPort).containsExactly(preferred);
        assertThat(withOthers).isEqualTo(alone);
    }

    @Test
    void aTakenPreferredSlotProbesToTheNextFreeOne() {
        // Given: another import already holds payment/http's preferred port
        int preferred = RANGE.start() + EgressPortAllocator.preferredSlot(RANGE, PAYMENT, HTTP);
        Map<ServiceRef, List<EgressPort>> existing = Map.of(CART,
                List.of(new EgressPort("http", "TCP", 8080, preferred)));

        // When
        Map<ServiceRef, PortAllocation> result = EgressPortAllocator.allocate(RANGE, existing,
                Map.of(PAYMENT, List.of(HTTP), CART, List.of(HTTP)));

        // Then
        int expected = preferred == RANGE.end() ? RANGE.start() : preferred + 1;
        assertThat(result.get(CART).ports()).extracting(EgressPort::egressPort).containsExactly(preferred);
        assertThat(result.get(PAYMENT).ports()).extracting(EgressPort::egressPort).containsExactly(expected);
    }

    @Test
    void allocationsOutsideTheRangeOrClaimedTwiceAreReallocated() {
        // Given: payment's port left the range; cart and search both claim 40001 (replicas that raced)
        Map<ServiceRef, List<EgressPort>> existing = Map.of(
                PAYMENT, List.of(new EgressPort("http", "TCP", 8080, 39999)),
                CART, List.of(new EgressPort("http", "TCP", 8080, 40001)),
                SEARCH, List.of(new EgressPort("http", "TCP", 8080, 40001)));

        // When
        Map<ServiceRef, PortAllocation> result = EgressPortAllocator.allocate(RANGE, existing,
                Map.of(PAYMENT, List.of(HTTP), CART, List.of(HTTP), SEARCH, List.of(HTTP)));

        // Then: the first in order (shop/cart) keeps 40001
        assertThat(result.get(CART).ports()).extracting(EgressPort::egressPort).containsExactly(40001);
        assertThat(result.get(SEARCH).ports()).extracting(EgressPort::egressPort).doesNotContain(40001);
        assertThat(result.get(PAYMENT).ports()).extracting(EgressPort::egressPort).allMatch(RANGE::contains);
        assertThat(egressPorts(result)).doesNotHaveDuplicates();
    }

    @Test
    void anAllocationOfAPortThatChangedIsReplaced() {
        // Given: payment used to export http on 8080, now on 8081
        Map<ServiceRef, List<EgressPort>> existing = Map.of(PAYMENT, List.of(new EgressPort("http", "TCP", 8080, 40001)));
        ImportPort moved = new ImportPort("http", "TCP", null, 8081);

        // When
        PortAllocation result = EgressPortAllocator.allocate(RANGE, existing, Map.of(PAYMENT, List.of(moved)))
                .get(PAYMENT);

        // Then
        assertThat(result.ports()).singleElement().satisfies(p -> {
            assertThat(p.port()).isEqualTo(8081);
            assertThat(p.egressPort()).isEqualTo(RANGE.start() + EgressPortAllocator.preferredSlot(RANGE, PAYMENT, moved));
        });
    }

    @Test
    void exhaustionNamesTheRangeAndTheImportAndOthersStillGetPorts() {
        // Given: two ports for three imports that need four
        PortRange small = new PortRange(40000, 40001);
        ServiceRef big = new ServiceRef("shop", "catalog");
        Map<ServiceRef, List<ImportPort>> requests = Map.of(PAYMENT, List.of(HTTP), big, List.of(HTTP, GRPC), SEARCH,
                List.of(HTTP));

        // When
        Map<ServiceRef, PortAllocation> result = EgressPortAllocator.allocate(small, Map.of(), requests);

        // Then: secure/payment and shop/search (sorted around shop/catalog) get the two ports
        assertThat(result.get(big)).isInstanceOfSatisfying(PortAllocation.Exhausted.class, e -> {
            assertThat(e.message()).contains("40000-40001", "shop/catalog", "exhausted");
            assertThat(e.ports()).isEmpty();
        });
        assertThat(result.get(PAYMENT)).isInstanceOf(PortAllocation.Allocated.class);
        assertThat(result.get(SEARCH)).isInstanceOf(PortAllocation.Allocated.class);
        assertThat(egressPorts(result)).containsExactlyInAnyOrder(40000, 40001);
    }

    @Test
    void anExhaustedImportKeepsWhatItAlreadyHeld() {
        // Given: payment holds 40000 for http and now also exports grpc, but the range is full
        PortRange small = new PortRange(40000, 40001);
        Map<ServiceRef, List<EgressPort>> existing = Map.of(PAYMENT, List.of(new EgressPort("http", "TCP", 8080, 40000)),
                CART, List.of(new EgressPort("http", "TCP", 8080, 40001)));

        // When
        Map<ServiceRef, PortAllocation> result = EgressPortAllocator.allocate(small, existing,
                Map.of(PAYMENT, List.of(HTTP, GRPC), CART, List.of(HTTP)));

        // Then
        assertThat(result.get(PAYMENT)).isInstanceOfSatisfying(PortAllocation.Exhausted.class,
                e -> assertThat(e.ports()).containsExactly(new EgressPort("http", "TCP", 8080, 40000)));
        assertThat(result.get(CART).ports()).extracting(EgressPort::egressPort).containsExactly(40001);
    }

    private static List<Integer> egressPorts(Map<ServiceRef, PortAllocation> result) {
        return result.values().stream().flatMap(a -> a.ports().stream()).map(EgressPort::egressPort).toList();
    }
}
