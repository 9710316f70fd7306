package io.mercury.cli.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The synthetic devices under {@code docs/examples/fleet}, loaded into an empty inventory. */
final class SampleFleet {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private SampleFleet() {}

  static List<Map<String, Object>> read(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      java.util.ArrayList<Map<String, Object>> devices = new java.util.ArrayList<>();
      for (Path p : paths) {
        devices.add(JSON.readValue(p.toFile(), new TypeReference<Map<String, Object>>() {}));
      }
      return devices;
    }
  }

  /** Inserts every device with the inventory's own {@code insert_one}; returns how many. */
  static int load(ServiceClient inventory, Path dir)
      throws IOException, TransportException, RemoteException {
    List<Map<String, Object>> devices = read(dir);
    for (Map<String, Object> device : devices) {
      inventory.invoke(Request.of("insert_one", device), false);
    }
    return devices.size();
  }
}
