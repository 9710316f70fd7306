package io.mercury.inspector;

import io.mercury.common.id.MercuryIdException;
import io.mercury.inspector.collect.AgentInfoCollector;
import io.mercury.inspector.collect.BmcCollector;
import io.mercury.inspector.collect.Collector;
import io.mercury.inspector.collect.CollectorException;
import io.mercury.inspector.collect.CpuCollector;
import io.mercury.inspector.collect.DmiCollector;
import io.mercury.inspector.collect.InterfacesCollector;
import io.mercury.inspector.collect.MemCollector;
import io.mercury.inspector.collect.PciCollector;
import io.mercury.inspector.collect.RaidCollector;
import io.mercury.inspector.collect.RoutesCollector;
import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.collect.StorageCollector;
import io.mercury.inspector.collect.SystemHealthCollector;
import io.mercury.inspector.document.DeviceDocumentCodec;
import io.mercury.inspector.document.Section;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the device document: runs each collector, isolated (a collector that fails yields {@code null}
 * for its key and a logged reason, never a failed inspection), then computes {@code mercury_id} from
 * {@code dmi} and {@code interfaces} with the original algorithm.
 */
public final class Inspector {
  private static final Logger log = LoggerFactory.getLogger(Inspector.class);

  private final Sources sources;
  private final List<Collector<?>> collectors;

  public Inspector(Sources sources, List<Collector<?>> collectors) {
    this.sources = sources;
    this.collectors = List.copyOf(collectors);
  }

  /** The collectors that exist so far, in the document's key order. */
  public static List<Collector<?>> standardCollectors() {
    return List.of(
        new AgentInfoCollector(),
        new CpuCollector(),
        new DmiCollector(),
        new InterfacesCollector(),
        new MemCollector(),
        new StorageCollector(),
        new PciCollector(),
        new RoutesCollector(),
        new BmcCollector(),
        new SystemHealthCollector(),
        new RaidCollector());
  }

  /**
   * Inspects the machine.
   *
   * @throws MercuryIdException when neither DMI nor any MAC address identifies it
   */
  public Map<String, Object> inspect() throws MercuryIdException {
    SequencedMap<String, Section> sections = new LinkedHashMap<>();
    for (Collector<?> c : collectors) {
      sections.put(c.key(), collect(c));
    }
    return DeviceDocumentCodec.document(sections);
  }

  private Section collect(Collector<?> c) {
    long start = System.nanoTime();
    try {
      return c.collect(sources);
    } catch (CollectorException e) {
      // a source this machine does not have (no DMI on a VM, no ipmitool): expected, not a warning
      log.info("{}: {}; recorded as null", c.key(), e.getMessage());
      return null;
    } catch (Exception e) {
      log.warn("{} failed; recorded as null", c.key(), e);
      return null;
    } finally {
      log.debug("{} took {} ms", c.key(), (System.nanoTime() - start) / 1_000_000);
    }
  }
}
