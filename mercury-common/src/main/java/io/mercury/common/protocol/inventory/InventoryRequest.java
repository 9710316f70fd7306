package io.mercury.common.protocol.inventory;

import java.util.Map;
import java.util.Objects;

/**
 * The arguments of one call to the inventory, one record per endpoint. Device documents, queries,
 * projections and update data stay maps: they are free-form documents, not protocol. {@link InventoryWire}
 * turns a record into its {@code Request}.
 */
public sealed interface InventoryRequest {
  InventoryEndpoint endpoint();

  /** {@code insert_one(device_info)}: a known {@code mercury_id} is merged as {@code update_one} does. */
  record InsertOne(Map<String, Object> deviceInfo) implements InventoryRequest {
    public InsertOne {
      Objects.requireNonNull(deviceInfo, "deviceInfo is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.INSERT_ONE;
    }
  }

  /** {@code update_one(mercury_id, update_data)}. */
  record UpdateOne(String mercuryId, Map<String, Object> updateData) implements InventoryRequest {
    public UpdateOne {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
      Objects.requireNonNull(updateData, "updateData is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.UPDATE_ONE;
    }
  }

  /** {@code get_one(mercury_id, projection=None)}; a null projection returns the whole document. */
  record GetOne(String mercuryId, Map<String, Object> projection) implements InventoryRequest {
    public GetOne {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.GET_ONE;
    }
  }

  /**
   * {@code query(query, projection=None, limit=0, sort="_id", sort_direction=1, offset_id=None)}.
   *
   * @param projection the fields to return, or null for {@code _id} and {@code mercury_id} only
   * @param limit most items, 0 for all
   * @param offsetId the sort value of the previous page's last item (keyset paging), or null
   */
  record Query(
      Map<String, Object> query,
      Map<String, Object> projection,
      long limit,
      String sort,
      SortDirection sortDirection,
      Object offsetId)
      implements InventoryRequest {
    public Query {
      Objects.requireNonNull(query, "query is null");
      Objects.requireNonNull(sort, "sort is null");
      Objects.requireNonNull(sortDirection, "sortDirection is null");
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative, was " + limit);
      }
    }

    /** Every match of {@code query} with {@code projection}, by {@code _id} ascending. */
    public static Query of(Map<String, Object> query, Map<String, Object> projection) {
      return new Query(query, projection, 0, "_id", SortDirection.ASCENDING, null);
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.QUERY;
    }
  }

  /** {@code count(query)}. */
  record Count(Map<String, Object> query) implements InventoryRequest {
    public Count {
      Objects.requireNonNull(query, "query is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.COUNT;
    }
  }

  /** {@code delete(mercury_id)}; also revokes the device's agent keys. */
  record Delete(String mercuryId) implements InventoryRequest {
    public Delete {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.DELETE;
    }
  }

  /** {@code update_boot(mercury_id, boot_data)}; {@code boot_data} holds {@code boot.state} and/or {@code boot.script}. */
  record UpdateBoot(String mercuryId, Map<String, Object> bootData) implements InventoryRequest {
    public UpdateBoot {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
      Objects.requireNonNull(bootData, "bootData is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.UPDATE_BOOT;
    }
  }

  /** {@code update_boot_many(query, boot_data)}. */
  record UpdateBootMany(Map<String, Object> query, Map<String, Object> bootData) implements InventoryRequest {
    public UpdateBootMany {
      Objects.requireNonNull(query, "query is null");
      Objects.requireNonNull(bootData, "bootData is null");
    }

    @Override
    public InventoryEndpoint endpoint() {
      return InventoryEndpoint.UPDATE_BOOT_MANY;
    }
  }
}
