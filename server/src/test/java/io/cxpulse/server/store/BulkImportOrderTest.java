package io.cxpulse.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.CallRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The orders a block of imported events is written in: by id for the claims, by end time for the rows. */
class BulkImportOrderTest {
    private static EventWriter.Pending call(String eventId, long endMs) {
        return new EventWriter.Pending(
                new CallRecord(eventId, "agent-1", "call-1", 0, endMs, 0, 0, 0, 0, 0, false), "team-1");
    }

    /** What a stable sort by comparator gives, the order the packed keys must reproduce. */
    private static int[] byComparator(int n, Comparator<Integer> comparator) {
        return IntStream.range(0, n)
                .boxed()
                .sorted(comparator)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Test
    void idsAreInTheirOrderAndRepeatsInTheOrderOfTheFile() {
        Random random = new Random(7);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)})
                    .toString());
        }
        // Ids sharing their first characters or more, shorter than the packed prefix, and repeated.
        ids.addAll(
                List.of("abcdef-1", "abcdef-0", "abcdef", "abcde", "a", "abcdefg", "abcdef-1", "A", "9", "a.b", "a:b"));
        for (int i = 0; i < 500; i++) {
            ids.add(ids.get(random.nextInt(ids.size())));
        }
        List<EventWriter.Pending> pending = new ArrayList<>();
        for (String id : ids) {
            pending.add(call(id, 1));
        }
        int[] order = BulkImport.idOrder(pending);
        assertThat(order).containsExactly(byComparator(ids.size(), Comparator.comparing(ids::get)));
    }

    @Test
    void theClaimsOfSeveralBlocksAreOneRunInIdOrderAndRepeatsInTheOrderOfTheFile() {
        Random random = new Random(3);
        List<List<EventWriter.Pending>> blocks = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            List<EventWriter.Pending> block = new ArrayList<>();
            for (int i = 0; i < 300 + b * 17; i++) {
                // Some ids repeat within a block and across blocks.
                String id = random.nextInt(5) == 0 && !all.isEmpty()
                        ? all.get(random.nextInt(all.size()))
                        : UUID.randomUUID().toString();
                all.add(id);
                block.add(call(id, 1));
            }
            int[] byId = BulkImport.idOrder(block);
            List<EventWriter.Pending> sorted = new ArrayList<>();
            for (int i : byId) {
                sorted.add(block.get(i));
            }
            blocks.add(sorted);
        }
        List<EventWriter.Pending> flat = blocks.stream().flatMap(List::stream).toList();
        int[] merged = EventWriter.mergedIdOrder(blocks);
        // A stable sort of the blocks laid end to end: ties keep the earlier block first.
        assertThat(merged)
                .containsExactly(byComparator(
                        flat.size(),
                        Comparator.comparing(i -> flat.get(i).event().eventId())));
        assertThat(EventWriter.mergedIdOrder(List.of())).isEmpty();
    }

    @Test
    void rowsAreInEndTimeOrderAndTiesInTheOrderOfTheFile() {
        Random random = new Random(11);
        long[] ends = new long[20_000];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = 1_788_000_000_000L + random.nextInt(1_000) * 60_000L;
        }
        assertThat(BulkImport.stableOrder(ends))
                .containsExactly(byComparator(ends.length, Comparator.comparingLong(i -> ends[i])));
        long[] wide = {Long.MAX_VALUE, 0, Long.MIN_VALUE, 5, 0};
        assertThat(BulkImport.stableOrder(wide)).containsExactly(2, 1, 4, 3, 0);
        assertThat(BulkImport.stableOrder(new long[0])).isEmpty();
    }
}
