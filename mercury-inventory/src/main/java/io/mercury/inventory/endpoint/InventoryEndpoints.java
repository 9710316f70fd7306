package io.mercury.inventory.endpoint;

import static io.mercury.common.dispatch.Param.optional;
import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.ParamType;
import io.mercury.inventory.store.DeviceStore;
import io.mercury.inventory.store.InsertBatcher;
import java.util.Map;

/**
 * The inventory's endpoints (docs/protocol.md, "Inventory service"), with the original's names, parameters and reply shapes.
 * Handlers only read their arguments, call the store and shape the reply.
 */
public final class InventoryEndpoints {
  private InventoryEndpoints() {}

  /** {@code inserts} writes {@code insert_one} in batches (see {@link InsertBatcher}). */
  public static EndpointRegistry registry(DeviceStore store, InsertBatcher inserts) {
    return registry(store, inserts, DeviceKeys.NONE);
  }

  /**
   * As above; {@code delete} also revokes the deleted device's agent keys through {@code deviceKeys}, so
   * a reused mercury_id starts clean (Salt's CVE-2016-9639 kept the old key).
   */
  public static EndpointRegistry registry(DeviceStore store, InsertBatcher inserts, DeviceKeys deviceKeys) {
    return new EndpointRegistry()
        .register(
            "insert_one",
            Access.OPERATE.actingForAgents("backend"),
            a -> Map.of("object_id", inserts.insertOne(a.map("device_info"))),
            required("device_info", ParamType.MAP))
        .register(
            "update_one",
            Access.OPERATE.actingForAgents("backend"),
            a -> Map.of("object_id", store.updateOne(a.string("mercury_id"), a.map("update_data"))),
            required("mercury_id", ParamType.STRING),
            required("update_data", ParamType.MAP))
        .register(
            "get_one",
            Access.READ.forDaemons("backend", "boot", "api"),
            a -> store.getOne(a.string("mercury_id"), a.map("projection")),
            required("mercury_id", ParamType.STRING),
            optional("projection", ParamType.MAP, null))
        .register(
            "query",
            Access.READ.forDaemons("rpc", "backend", "boot", "api"),
            a ->
                store
                    .query(
                        a.map("query"),
                        a.map("projection"),
                        a.integer("limit"),
                        a.string("sort"),
                        a.integer("sort_direction").intValue(),
                        a.get("offset_id"))
                    .toWire(),
            required("query", ParamType.MAP),
            optional("projection", ParamType.MAP, null),
            optional("limit", ParamType.INTEGER, 0L),
            optional("sort", ParamType.STRING, "_id"),
            optional("sort_direction", ParamType.INTEGER, 1L),
            optional("offset_id", ParamType.ANY, null))
        .register("count", Access.READ.forDaemons("api"), a -> store.count(a.map("query")), required("query", ParamType.MAP))
        .register(
            "delete",
            Access.OPERATE,
            a -> {
              long deleted = store.delete(a.string("mercury_id"));
              int revoked = deviceKeys.revokeAll(a.string("mercury_id"), a.caller().name());
              return revoked == 0 ? Map.of("deleted_count", deleted) : Map.of("deleted_count", deleted, "revoked_keys", (long) revoked);
            },
            required("mercury_id", ParamType.STRING))
        .register(
            "update_boot",
            Access.OPERATE.forDaemons("api"),
            a ->
                store
                    .updateBoot(Map.of("mercury_id", a.string("mercury_id")), a.map("boot_data"), false)
                    .toWire(),
            required("mercury_id", ParamType.STRING),
            required("boot_data", ParamType.MAP))
        .register(
            "update_boot_many",
            Access.OPERATE.forDaemons("api"),
            a -> store.updateBoot(a.map("query"), a.map("boot_data"), true).toWire(),
            required("query", ParamType.MAP),
            required("boot_data", ParamType.MAP));
  }
}
