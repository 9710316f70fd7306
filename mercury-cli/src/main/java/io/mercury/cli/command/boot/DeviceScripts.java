package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.client.DeviceQuery;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.common.bootscript.BootScriptException;
import io.mercury.common.bootscript.BootScriptTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a boot script for each device a selection matches, with the context the boot service would
 * use: the device's whole document, fetched with {@code get_one} as the boot service fetches it, with the
 * change already applied to its {@code boot} (the device boots after the script is set, so
 * {@code {{boot.state}}} is what it will be then).
 *
 * <p>The selection is scanned for ids first, then each document is fetched on its own: a query returns
 * only the fields it names, and whole documents (with the inspector's data) would make large pages.
 * A device that is gone by then is left out; the change cannot reach it either.
 */
final class DeviceScripts {
  private DeviceScripts() {}

  static List<DeviceScript> render(
      InventoryClient client, Map<String, Object> query, Map<String, Object> change, BootScriptTemplate template)
      throws ServiceException, CliException {
    List<Map<String, Object>> matched = new ArrayList<>();
    client.scan(new DeviceQuery(query, List.of("mercury_id", "boot"), DeviceQuery.ID_SORT, false), 0, page -> matched.addAll(page.items()));
    List<DeviceScript> scripts = new ArrayList<>(matched.size());
    for (Map<String, Object> device : matched) {
      String id = String.valueOf(device.get("mercury_id"));
      Optional<Map<String, Object>> document = client.getOne(id, List.of());
      if (document.isEmpty()) {
        continue;
      }
      Map<String, Object> after = new LinkedHashMap<>(document.get());
      after.put("boot", BootPlan.applied(document.get().get("boot"), change));
      try {
        scripts.add(new DeviceScript(id, BootPlan.of(device.get("boot")), template.render(after)));
      } catch (BootScriptException e) {
        throw CliException.failure("the script cannot be rendered for " + id + ": " + e.getMessage());
      }
    }
    return scripts;
  }
}
