package io.mercury.inventory.endpoint;

import static io.mercury.common.dispatch.Param.optional;
import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.protocol.inventory.InventoryEndpoint;
import io.mercury.inventory.store.DeviceStore;
import io.mercury.inventory.store.InsertBatcher;
import java.util.Map;

/**
 * The inventory's endpoints (docs/protocol.md, "Inventory service"), with the original's names,
 * parameters and reply shapes. Handlers only read their arguments, call the store and shape the reply.
 * The names are {@link InventoryEndpoint}'s, which the clients use too.
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
            InventoryEndpoint.INSERT_ONE.wireName(),
            Access.OPERATE.actingForAgents("backend"),
            a -> Map.of("object_id", inserts.insertOne(a.map("device_info"))),
            required("device_info", ParamType.MAP))
        .register(
            InventoryEndpoint.UPDATE_ONE.wireName(),
            Access.OPERATE.actingForAgents("backend"),
            a -> Map.of("object_id", store.updateOne(a.string("mercury_id"), a.map("update_data"))),
            required("mercury_id", ParamType.STRING),
            required("update_data", ParamType.MAP))
        .register(
            InventoryEndpoint.GET_ONE.wireName(),
            Access.READ.forDaemons("backend", "boot", "api"),
            a -> store.getOne(a.string("mercury_id"), a.map("projection")),
            required("mercury_id", ParamType.STRING),
            optional("projection", ParamType.MAP, null))
        .register(
            InventoryEndpoint.QUERY.wireName(),
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
        .register(
            InventoryEndpoint.COUNT.wireName(),
            Access.READ.forDaemons("api"),
            a -> store.count(a.map("query")),
            required("query", ParamType.MAP))
        .register(
            InventoryEndpoint.DELETE.wireName(),
            Access.OPERATE,
            a -> {
              long deleted = store.delete(a.string("mercury_id"));
              int revoked = deviceKeys.revokeAll(a.string("mercury_id"), a.caller().name());
              return revoked == 0 ? Map.of("deleted_count", deleted) : Map.of("deleted_count", deleted, "revoked_keys", (long) revoked);
            },
            required("mercury_id", ParamType.STRING))
        .register(
            InventoryEndpoint.UPDATE_BOOT.wireName(),
            Access.OPERATE.forDaemons("api"),
            a ->
                store
                    .updateBoot(Map.of("mercury_id", a.string("mercury_id")), a.map("boot_data"), false)
                    .toWire(),
            required("mercury_id", ParamType.STRING),
            required("boot_data", ParamType.MAP))
        .register(
            InventoryEndpoint.UPDATE_BOOT_MANY.wireName(),
            Access.OPERATE.forDaemons("api"),
            a -> store.updateBoot(a.map("query"), a.map("boot_data"), true).toWire(),
            required("query", ParamType.MAP),
            required("boot_data", ParamType.MAP));
  }
}
