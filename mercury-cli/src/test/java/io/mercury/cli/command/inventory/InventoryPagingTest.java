package io.mercury.cli.command.inventory;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.inventory.testing.TestingInventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code -n}, keyset paging and sorting over more devices than one page holds. */
@Tag("e2e")
class InventoryPagingTest {
  private static final int DEVICES = 263;
  private static final List<String> IDS = new ArrayList<>();
  private static TestingInventory inventory;

  @BeforeAll
  static void startInventory() {
    inventory = TestingInventory.start();
    for (int i = 0; i < DEVICES; i++) {
      String id = String.format("01%040x", i * 7919L % DEVICES);
      Map<String, Object> device = new LinkedHashMap<>();
      device.put("mercury_id", id);
      device.put("rack", i % 3 == 0 ? "a" : "b");
      inventory.insert(device);
      IDS.add(id);
    }
  }

  @AfterAll
  static void stopInventory() {
    inventory.close();
  }

  private static McliRun inv(String... args) {
    return mcli("", Map.of(Endpoints.INVENTORY_ENV, inventory.endpoint()), args);
  }

  @Test
  void defaultLimitIs250AndTheSummarySaysSo() {
    McliRun run = inv("inventory");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).hasSize(1 + 250);
    assertThat(run.err()).isEqualTo("250 of 263 devices (use -n to show more, -n 0 for all)\n");
  }

  @Test
  void zeroPagesThroughEverythingInInsertionOrder() {
    McliRun run = inv("inventory", "--ids", "-n", "0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactlyElementsOf(IDS);
  }

  @Test
  void limitStopsExactlyAcrossPageBoundaries() {
    assertThat(inv("inventory", "--ids", "-n", "100").outLines()).containsExactlyElementsOf(IDS.subList(0, 100));
    assertThat(inv("inventory", "--ids", "-n", "101").outLines()).containsExactlyElementsOf(IDS.subList(0, 101));
    assertThat(inv("inventory", "--ids", "-n", "263").outLines()).containsExactlyElementsOf(IDS);
  }

  @Test
  void descendingPagesBackwards() {
    List<String> reversed = new ArrayList<>(IDS).reversed();

    McliRun run = inv("inventory", "--ids", "--desc", "-n", "0");

    assertThat(run.outLines()).containsExactlyElementsOf(reversed);
  }

  @Test
  void filtersApplyOnEveryPage() {
    List<String> rackA = IntStream.range(0, DEVICES).filter(i -> i % 3 == 0).mapToObj(IDS::get).toList();

    McliRun run = inv("inventory", "--ids", "-n", "0", "rack=a");

    assertThat(run.outLines()).containsExactlyElementsOf(rackA);
  }

  @Test
  void sortByAnotherFieldReturnsTheFirstNInThatOrder() {
    List<String> sorted = IDS.stream().sorted().toList();

    assertThat(inv("inventory", "--ids", "--sort", "mercury_id", "-n", "0").outLines())
        .containsExactlyElementsOf(sorted);
    assertThat(inv("inventory", "--ids", "--sort", "mercury_id", "--desc", "-n", "5").outLines())
        .containsExactlyElementsOf(sorted.reversed().subList(0, 5));
  }

  @Test
  void tableSummaryWhenEverythingFits() {
    McliRun run = inv("inventory", "-n", "0", "rack=a");

    assertThat(run.err()).isEqualTo("88 devices\n");
  }
}
